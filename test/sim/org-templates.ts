/** Small templates with the resource types the in-memory organisation acts on, for its own specs. */

/** A home-like template: the policy, a Config rule (needs a recorder), the whitelist parameter owned in organisation mode. */
export const HOME_LIKE = `
Parameters:
  PolicyName: { Type: String, Default: DenyActionWithoutMFA }
  PolicyPath: { Type: String, Default: / }
  WhitelistParameterName: { Type: String, Default: /mfa-guard/whitelist }
  WhitelistJson: { Type: String, Default: '' }
Conditions:
  OwnsWhitelist: !Not [!Equals [!Ref WhitelistJson, '']]
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: !Ref PolicyName
      Path: !Ref PolicyPath
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Deny
            NotAction: iam:ListMFADevices
            Resource: '*'
            Condition: { BoolIfExists: { aws:MultiFactorAuthPresent: 'false' } }
  ConfigRule:
    Type: AWS::Config::ConfigRule
    Properties: { Source: { Owner: CUSTOM_LAMBDA } }
  WhitelistParameter:
    Type: AWS::SSM::Parameter
    Condition: OwnsWhitelist
    Properties: { Name: !Ref WhitelistParameterName, Type: String, Value: !Ref WhitelistJson }
`;

/** An access-like template: one named read-only role trusted by the given principals within the organisation. */
export const ACCESS_LIKE = `
Parameters:
  OperatorPrincipalArns: { Type: CommaDelimitedList }
  OrganizationId: { Type: String }
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties: { RoleName: mfa-guard-org-read, AssumeRolePolicyDocument: {} }
`;

/** A template with nothing the model acts on (a forwarder-like stack). */
export const PLAIN = `
Resources:
  Queue: { Type: AWS::SQS::Queue }
`;
