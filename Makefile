# mfa-guard: `make help` lists the targets. Every target but the deploy family runs offline.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED := true
export DENO_NO_UPDATE_CHECK := 1

# Saved settings: mfa-guard.env (git-ignored; see mfa-guard.env.example), lines `NAME = value` for
# REGION, PROFILE, STACK, MODE, WHITELIST... Precedence: the command line, then this file, then the
# environment, then the defaults below. SETTINGS_FILE=other.env reads another file.
SETTINGS_FILE ?= mfa-guard.env
-include $(SETTINGS_FILE)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

.PHONY: help install check test version docs

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-z-]*:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

version: ## Print the package version and the git commit (the stacks' mfa-guard:version tag)
	@npx tsx scripts/version.ts

docs: install ## Regenerate the transcripts in docs/ from the commands (offline); BENCH=1 adds make bench (minutes) [BENCH=1]
	@BENCH='$(BENCH)' npx tsx scripts/docs.ts

install: node_modules/.package-lock.json ## Install the dependencies (npm ci) when they are missing or stale

check: install ## Type-check src/, scripts/, sim/ and test/ with tsc and with Deno
	npx tsc -p .
	npx deno check --quiet --node-modules-dir=manual src scripts sim test

test: check ## Type-check, run every test suite (Node, and the core under Deno), check whitelist.txt offline
	@WHITELIST=whitelist.txt npx tsx scripts/whitelist-check.ts
	npx tsx test/run.ts

# --- deploy family: synth is offline; deploy, whitelist and destroy call AWS when run, never when parsed.
# Variables (make deploy REGION=eu-west-1 ...): REGION (else AWS_REGION or the profile's), STACK,
# MODE (enforce|report), YES=1 (answer yes, required without a terminal), ALLOW_SELF_LOCKOUT=1 (deploy as an
# IAM user the policy binds), PROFILE (AWS_PROFILE), WHITELIST,
# MFA_MAX_AGE (seconds an MFA sign-in counts as recent, 900-129600, default 3600),
# FREQUENCY (the Config sweep: One_Hour … TwentyFour_Hours) and LOG_RETENTION (days); unset, these two
# keep the values deployed before (the template's defaults, One_Hour and 90, on a first deploy);
# ALERT_EMAIL (an address subscribed to the alert topic; SNS asks it to confirm), NOTIFY_NEW_USERS=0 (no alert per new user).
REGION ?=
STACK ?= mfa-guard
MODE ?= enforce
YES ?=
ALLOW_SELF_LOCKOUT ?=
PROFILE ?=
WHITELIST ?= whitelist.txt
CHECK ?=
PARTITION ?=
ACCOUNT ?=
MFA_MAX_AGE ?=
FREQUENCY ?=
LOG_RETENTION ?=
ALERT_EMAIL ?=
NOTIFY_NEW_USERS ?=
DEPLOY_ENV = REGION='$(REGION)' STACK='$(STACK)' MODE='$(MODE)' YES='$(YES)' ALLOW_SELF_LOCKOUT='$(ALLOW_SELF_LOCKOUT)' WHITELIST='$(WHITELIST)' MFA_MAX_AGE='$(MFA_MAX_AGE)' FREQUENCY='$(FREQUENCY)' LOG_RETENTION='$(LOG_RETENTION)' ALERT_EMAIL='$(ALERT_EMAIL)' NOTIFY_NEW_USERS='$(NOTIFY_NEW_USERS)' $(if $(PROFILE),AWS_PROFILE='$(PROFILE)')

.PHONY: synth deploy whitelist destroy deployer-policy

synth: install ## Bundle the functions, write dist/mfa-guard.yml (and its code parameters), dist/iam-events.yml, dist/monitoring.yml and dist/org-access.yml (offline)
	REGION='$(REGION)' npx tsx scripts/synth.ts

deploy: synth ## Pre-flight, whitelist, change sets, first evaluation [REGION STACK MODE MFA_MAX_AGE FREQUENCY LOG_RETENTION ALERT_EMAIL NOTIFY_NEW_USERS YES ALLOW_SELF_LOCKOUT PROFILE WHITELIST]
	$(DEPLOY_ENV) npx tsx scripts/deploy.ts

whitelist: install ## Check whitelist.txt, resolve user IDs, write the parameter only; CHECK=1: offline check only [CHECK=1 WHITELIST REGION STACK ALLOW_SELF_LOCKOUT PROFILE]
	$(if $(filter-out 0,$(CHECK)),@WHITELIST='$(WHITELIST)' npx tsx scripts/whitelist-check.ts,$(DEPLOY_ENV) npx tsx scripts/whitelist.ts)

deployer-policy: install ## Print the IAM policy that deploy, whitelist, destroy and report need (offline) [STACK PARTITION ACCOUNT REGION]
	@STACK='$(STACK)' PARTITION='$(PARTITION)' ACCOUNT='$(ACCOUNT)' REGION='$(REGION)' npx tsx scripts/deployer-policy.ts

destroy: install ## Delete the three stacks and the whitelist parameter, waiting [REGION STACK YES PROFILE]
	$(DEPLOY_ENV) npx tsx scripts/destroy.ts

# --- Service Control Policy: printed, never applied (offline). ROLES: the deploy role ARNs that may
# still change the guard, separated by spaces; CONFIG_RULE_ARN: the ConfigRuleArn output of make deploy.
ROLES ?=
CONFIG_RULE_ARN ?=

.PHONY: scp

scp: install ## Print an SCP denying changes to mfa-guard to all but the deploy roles (offline) [ROLES="arn ..." STACK CONFIG_RULE_ARN]
	@ROLES='$(ROLES)' STACK='$(STACK)' CONFIG_RULE_ARN='$(CONFIG_RULE_ARN)' npx tsx scripts/scp.ts

# --- organisation family: deploy-org, report-org and destroy-org call AWS when run, never when parsed.

# --- organisation family: deploy-org, report-org and destroy-org call AWS when run, never when parsed; demo-org never does.
# Variables: OUS (r-… or ou-…, comma-separated), HOME_REGION, MODE, CANARY (an account ID), YES=1,
# OPERATORS (role ARNs the read-only role trusts; default the caller's role), WHITELIST_ORG,
# STACKSET (name prefix), CONCURRENCY, JSON=1, PROFILE.
OUS ?=
HOME_REGION ?=
CANARY ?=
OPERATORS ?=
WHITELIST_ORG ?= whitelist-org.txt
STACKSET ?= mfa-guard
ORG_ENV = OUS='$(OUS)' HOME_REGION='$(HOME_REGION)' MODE='$(MODE)' CANARY='$(CANARY)' YES='$(YES)' OPERATORS='$(OPERATORS)' WHITELIST_ORG='$(WHITELIST_ORG)' STACKSET='$(STACKSET)' STACK='$(STACK)' CONCURRENCY='$(CONCURRENCY)' JSON='$(JSON)' $(if $(PROFILE),AWS_PROFILE='$(PROFILE)')

.PHONY: deploy-org report-org destroy-org demo-org

deploy-org: synth ## StackSets to every account of OUS: pre-flight, preview, canary, rollout, table [OUS HOME_REGION MODE CANARY YES]
	@$(ORG_ENV) npx tsx scripts/deploy-org.ts

report-org: install ## Every active account (OUS, default all): coverage and users' states; 0/1/2 [HOME_REGION JSON=1 CONCURRENCY=8]
	@$(ORG_ENV) npx tsx scripts/report-org.ts

destroy-org: install ## Delete the instances, then the StackSets; fails while an instance is FAILED or INOPERABLE [HOME_REGION YES]
	@$(ORG_ENV) npx tsx scripts/destroy-org.ts

demo-org: install ## deploy-org and report-org against an in-memory organisation: no account, no credentials
	@npx tsx scripts/demo-org.ts

# --- operator commands: report and reconcile call AWS when run, never when parsed; demo never does.
# Settings: POLICY_ARN and WHITELIST_PARAMETER when set, else stack STACK's PolicyArn output and
# WhitelistParameterName parameter (in REGION). make turns a failing command into its own status 2
# ("Error 1" = someone violating / an attach failed); CI wanting 0/1/2/3 (3: a health check failed) runs `npx tsx scripts/report.ts`.
JSON ?=
APPLY ?=
OPERATOR_ENV = REGION='$(REGION)' STACK='$(STACK)' JSON='$(JSON)' APPLY='$(APPLY)' $(if $(PROFILE),AWS_PROFILE='$(PROFILE)')

.PHONY: report reconcile demo

report: install ## Health of the deployment, then every user's state; fails if unhealthy or anyone is violating [JSON=1 STACK REGION PROFILE]
	@$(OPERATOR_ENV) npx tsx scripts/report.ts

reconcile: install ## List the users missing the policy; APPLY=1 attaches it [APPLY=1 STACK REGION PROFILE]
	@$(OPERATOR_ENV) npx tsx scripts/reconcile.ts

demo: install ## The real functions against an in-memory AWS account: no account, no credentials
	@npx tsx scripts/demo.ts

# --- local invocation: calls the account or endpoint the standard AWS configuration points at
# (AWS_PROFILE/PROFILE, AWS_REGION/REGION, AWS_ENDPOINT_URL), with the Lambda's variables
# POLICY_ARN, WHITELIST_PARAMETER, CONFIG_RULE_NAME and MODE; those not set are read from stack STACK
# (its outputs and parameters), as make report does; STACK_NAME defaults to STACK. Never called while parsing.
FN ?=
EVENT ?=

.PHONY: invoke

invoke: install ## Run one function locally on an event file [FN=config-rule|remediate|enforce EVENT=file.json MODE STACK REGION PROFILE]
	@$(if $(REGION),REGION='$(REGION)' AWS_REGION='$(REGION)') $(if $(PROFILE),AWS_PROFILE='$(PROFILE)') STACK='$(STACK)' MODE='$(MODE)' STACK_NAME="$${STACK_NAME:-$(STACK)}" npx tsx scripts/invoke.ts '$(FN)' '$(EVENT)'

# --- benchmark: in-memory accounts of 100, 1,000 and 5,000 users, mfa-guard beside the seed design.
# LATENCY (ms added to every AWS call) and THROTTLE (share of calls throttled) switch to 5,000 users
# against each function's Timeout; USERS=100,1000 and CONCURRENCY override. Not a test: a missed
# target prints ✘ and the exit status stays 0.
LATENCY ?=
THROTTLE ?=
USERS ?=
CONCURRENCY ?=
MD ?=
BENCH ?=

.PHONY: bench

bench: install ## Calls, time and memory per path, mfa-guard beside the seed design (modelled with paging, and as published) [LATENCY=50 THROTTLE=0.05 USERS CONCURRENCY MD=1]
	@LATENCY='$(LATENCY)' THROTTLE='$(THROTTLE)' USERS='$(USERS)' CONCURRENCY='$(CONCURRENCY)' MD='$(MD)' node --expose-gc --import tsx scripts/bench.ts
