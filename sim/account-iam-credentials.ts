/**
 * A user's credentials in the in-memory account: virtual MFA devices (up to 8 a user), access keys
 * and the console password, with the IAM calls that list and remove them (what offboarding a user
 * needs before DeleteUser succeeds).
 */
import type {
  CreateVirtualMFADeviceRequest,
  CreateVirtualMFADeviceResponse,
  DeactivateMFADeviceRequest,
  DeleteAccessKeyRequest,
  DeleteLoginProfileRequest,
  DeleteVirtualMFADeviceRequest,
  EnableMFADeviceRequest,
  ListAccessKeysRequest,
  ListAccessKeysResponse,
  ListMFADevicesRequest,
  ListMFADevicesResponse,
} from '@aws-sdk/client-iam';
import * as errors from './account-errors.ts';
import { validateName } from './account-iam-users.ts';
import { page } from './account-pages.ts';
import type { AccessKey, AccountState, MemoryUser, MfaDevice } from './account-state.ts';

const MFA_DEVICES_PER_USER = 8;
const AUTH_CODE = /^\d{6}$/;

/** Creates an unassigned virtual MFA device (EntityAlreadyExists for a taken serial). */
export function createVirtualMfa(state: AccountState, name: string | undefined, path = '/'): MfaDevice {
  const valid = validateName(name, path, 'virtualMFADeviceName');
  const serial = state.iamArn('mfa', path, valid);
  if (state.mfaDevices.has(serial)) throw errors.iam.alreadyExists('MFADevice entity at the same path and name already exists.');
  const device: MfaDevice = { serial, created: state.clock() };
  state.mfaDevices.set(serial, device);
  return device;
}

/** Enables a device for a user: at most 8 a user, one user a device. */
export function enableMfa(state: AccountState, user: MemoryUser, serial: string | undefined): void {
  const device = serial === undefined ? undefined : state.mfaDevices.get(serial);
  if (!device) throw errors.iam.noSuchEntity(`VirtualMFADevice with serial number ${serial} doesn't exist.`);
  if (device.user !== undefined) throw errors.iam.alreadyExists('MFA Device is already in use.');
  if (user.mfa.length >= MFA_DEVICES_PER_USER) throw errors.iam.limitExceeded(`Cannot exceed quota for MFADevicesPerUser: ${MFA_DEVICES_PER_USER}`);
  device.user = user.name.toLowerCase();
  device.enabled = state.clock();
  user.mfa.push(device);
}

/** Gives a user an access key (IDs `AKIA…`). */
export function addAccessKey(state: AccountState, user: MemoryUser, status: AccessKey['status'] = 'Active', lastUsed?: AccessKey['lastUsed']): AccessKey {
  if (user.accessKeys.length >= 2) throw errors.iam.limitExceeded('Cannot exceed quota for AccessKeysPerUser: 2');
  const key: AccessKey = { id: state.ids.next('AKIA', 16), status, created: state.clock(), ...(lastUsed ? { lastUsed } : {}) };
  user.accessKeys.push(key);
  return key;
}

/** The IAM credential commands. */
export const credentialCommands = {
  ListMFADevices: (state: AccountState, input: ListMFADevicesRequest): ListMFADevicesResponse => {
    const user = state.requireUser(input.UserName);
    const { items, ...rest } = page(user.mfa, (d) => d.serial, input);
    return { MFADevices: items.map((d) => ({ UserName: user.name, SerialNumber: d.serial, EnableDate: d.enabled })), ...rest };
  },

  CreateVirtualMFADevice: (state: AccountState, input: CreateVirtualMFADeviceRequest): CreateVirtualMFADeviceResponse => {
    const device = createVirtualMfa(state, input.VirtualMFADeviceName, input.Path ?? '/');
    const seed = new TextEncoder().encode(device.serial.slice(-32).toUpperCase().padEnd(32, 'A'));
    return { VirtualMFADevice: { SerialNumber: device.serial, Base32StringSeed: seed, QRCodePNG: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) } };
  },

  EnableMFADevice: (state: AccountState, input: EnableMFADeviceRequest): object => {
    const user = state.requireUser(input.UserName);
    if (!AUTH_CODE.test(input.AuthenticationCode1 ?? '') || !AUTH_CODE.test(input.AuthenticationCode2 ?? '')) {
      throw errors.iam.invalidAuthenticationCode('Authentication code for device is not valid.');
    }
    enableMfa(state, user, input.SerialNumber);
    return {};
  },

  DeactivateMFADevice: (state: AccountState, input: DeactivateMFADeviceRequest): object => {
    const user = state.requireUser(input.UserName);
    const index = user.mfa.findIndex((d) => d.serial === input.SerialNumber);
    const device = user.mfa[index];
    if (!device) throw errors.iam.noSuchEntity(`MFA Device with serial number ${input.SerialNumber} does not exist.`);
    user.mfa.splice(index, 1);
    delete device.user;
    delete device.enabled;
    return {};
  },

  DeleteVirtualMFADevice: (state: AccountState, input: DeleteVirtualMFADeviceRequest): object => {
    const device = input.SerialNumber === undefined ? undefined : state.mfaDevices.get(input.SerialNumber);
    if (!device) throw errors.iam.noSuchEntity(`VirtualMFADevice with serial number ${input.SerialNumber} doesn't exist.`);
    if (device.user !== undefined) throw errors.iam.deleteConflict('MFA device is still in use.');
    state.mfaDevices.delete(device.serial);
    return {};
  },

  ListAccessKeys: (state: AccountState, input: ListAccessKeysRequest): ListAccessKeysResponse => {
    const user = state.requireUser(input.UserName);
    const { items, ...rest } = page(user.accessKeys, (k) => k.id, input);
    return { AccessKeyMetadata: items.map((k) => ({ UserName: user.name, AccessKeyId: k.id, Status: k.status, CreateDate: k.created })), ...rest };
  },

  DeleteAccessKey: (state: AccountState, input: DeleteAccessKeyRequest): object => {
    const user = state.requireUser(input.UserName);
    const index = user.accessKeys.findIndex((k) => k.id === input.AccessKeyId);
    if (index < 0) throw errors.iam.noSuchEntity(`The Access Key with id ${input.AccessKeyId} cannot be found.`);
    user.accessKeys.splice(index, 1);
    return {};
  },

  DeleteLoginProfile: (state: AccountState, input: DeleteLoginProfileRequest): object => {
    const user = state.requireUser(input.UserName);
    if (!user.password) throw errors.iam.noSuchEntity(`Login Profile for User ${user.name} cannot be found.`);
    delete user.password;
    return {};
  },
};
