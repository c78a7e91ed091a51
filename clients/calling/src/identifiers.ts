// Communication identifiers: the same shapes as @azure/communication-common, so identifiers made with
// that package (or written as plain object literals) can be passed in, and identifiers handed out by
// this library can be passed to it.

export interface CommunicationUserIdentifier {
  communicationUserId: string;
}

export interface PhoneNumberIdentifier {
  rawId?: string;
  phoneNumber: string;
  assertedId?: string;
  isAnonymous?: boolean;
}

export interface MicrosoftTeamsUserIdentifier {
  rawId?: string;
  microsoftTeamsUserId: string;
  isAnonymous?: boolean;
  cloud?: 'public' | 'dod' | 'gcch';
}

export interface MicrosoftTeamsAppIdentifier {
  rawId?: string;
  teamsAppId: string;
  cloud?: 'public' | 'dod' | 'gcch';
}

export interface TeamsExtensionUserIdentifier {
  rawId?: string;
  userId: string;
  tenantId: string;
  resourceId: string;
  cloud?: 'public' | 'dod' | 'gcch';
}

export interface UnknownIdentifier {
  id: string;
}

export type CommunicationIdentifier =
  | CommunicationUserIdentifier
  | PhoneNumberIdentifier
  | MicrosoftTeamsUserIdentifier
  | MicrosoftTeamsAppIdentifier
  | TeamsExtensionUserIdentifier
  | UnknownIdentifier;

export interface CommunicationUserKind extends CommunicationUserIdentifier {
  kind: 'communicationUser';
}
export interface PhoneNumberKind extends PhoneNumberIdentifier {
  kind: 'phoneNumber';
}
export interface MicrosoftTeamsUserKind extends MicrosoftTeamsUserIdentifier {
  kind: 'microsoftTeamsUser';
}
export interface MicrosoftTeamsAppKind extends MicrosoftTeamsAppIdentifier {
  kind: 'microsoftTeamsApp';
}
export interface TeamsExtensionUserKind extends TeamsExtensionUserIdentifier {
  kind: 'teamsExtensionUser';
}
export interface UnknownIdentifierKind extends UnknownIdentifier {
  kind: 'unknown';
}

export type CommunicationIdentifierKind =
  | CommunicationUserKind
  | PhoneNumberKind
  | MicrosoftTeamsUserKind
  | MicrosoftTeamsAppKind
  | TeamsExtensionUserKind
  | UnknownIdentifierKind;

type Cloud = 'public' | 'dod' | 'gcch';

function has(value: object, key: string): boolean {
  return key in value && typeof (value as Record<string, unknown>)[key] === 'string';
}

/** Tells which kind of identifier a plain object is (the `kind` field, when present, wins). */
export function getIdentifierKind(identifier: CommunicationIdentifier): CommunicationIdentifierKind {
  const withKind = identifier as Partial<CommunicationIdentifierKind>;
  if (typeof withKind.kind === 'string') {
    return identifier as CommunicationIdentifierKind;
  }
  if (has(identifier, 'communicationUserId')) {
    return { ...(identifier as CommunicationUserIdentifier), kind: 'communicationUser' };
  }
  if (has(identifier, 'phoneNumber')) {
    return { ...(identifier as PhoneNumberIdentifier), kind: 'phoneNumber' };
  }
  if (has(identifier, 'microsoftTeamsUserId')) {
    return { ...(identifier as MicrosoftTeamsUserIdentifier), kind: 'microsoftTeamsUser' };
  }
  if (has(identifier, 'teamsAppId')) {
    return { ...(identifier as MicrosoftTeamsAppIdentifier), kind: 'microsoftTeamsApp' };
  }
  if (has(identifier, 'userId') && has(identifier, 'tenantId') && has(identifier, 'resourceId')) {
    return { ...(identifier as TeamsExtensionUserIdentifier), kind: 'teamsExtensionUser' };
  }
  return { ...(identifier as UnknownIdentifier), kind: 'unknown' };
}

function cloudPrefix(cloud: Cloud | undefined, publicPrefix: string, dod: string, gcch: string): string {
  return cloud === 'dod' ? dod : cloud === 'gcch' ? gcch : publicPrefix;
}

/** The raw id of an identifier (`8:orgid:<oid>` for a Teams user, the id itself for an ACS user). */
export function getIdentifierRawId(identifier: CommunicationIdentifier): string {
  const k = getIdentifierKind(identifier);
  switch (k.kind) {
    case 'communicationUser':
      return k.communicationUserId;
    case 'microsoftTeamsUser':
      if (k.rawId) return k.rawId;
      if (k.isAnonymous) return `8:teamsvisitor:${k.microsoftTeamsUserId}`;
      return cloudPrefix(k.cloud, '8:orgid:', '8:dod:', '8:gcch:') + k.microsoftTeamsUserId;
    case 'microsoftTeamsApp':
      if (k.rawId) return k.rawId;
      return cloudPrefix(k.cloud, '28:orgid:', '28:dod:', '28:gcch:') + k.teamsAppId;
    case 'phoneNumber':
      return k.rawId ?? `4:${k.phoneNumber}`;
    case 'teamsExtensionUser':
      if (k.rawId) return k.rawId;
      return cloudPrefix(k.cloud, '8:acs:', '8:dod-acs:', '8:gcch-acs:') + `${k.resourceId}_${k.tenantId}_${k.userId}`;
    case 'unknown':
      return k.id;
  }
}

/** Rebuilds an identifier from its raw id; the result carries `rawId` too. */
export function createIdentifierFromRawId(rawId: string): CommunicationIdentifierKind {
  if (rawId.startsWith('4:')) {
    const phoneNumber = rawId.slice(2);
    const isAnonymous = phoneNumber === 'anonymous';
    const underscore = isAnonymous ? -1 : phoneNumber.lastIndexOf('_');
    const assertedId = underscore >= 0 && underscore < phoneNumber.length - 1 ? phoneNumber.slice(underscore + 1) : undefined;
    return { kind: 'phoneNumber', phoneNumber, isAnonymous, assertedId, rawId };
  }
  const parts = rawId.split(':');
  if (parts.length !== 3) {
    return { kind: 'unknown', id: rawId };
  }
  const [a, b, suffix] = parts as [string, string, string];
  const teamsUser = (cloud: Cloud): MicrosoftTeamsUserKind => ({ kind: 'microsoftTeamsUser', microsoftTeamsUserId: suffix, isAnonymous: false, cloud, rawId });
  const teamsApp = (cloud: Cloud): MicrosoftTeamsAppKind => ({ kind: 'microsoftTeamsApp', teamsAppId: suffix, cloud, rawId });
  const acs = (cloud: Cloud): CommunicationUserKind | TeamsExtensionUserKind => {
    const segments = suffix.split('_');
    if (segments.length !== 3) {
      return { kind: 'communicationUser', communicationUserId: rawId };
    }
    const [resourceId, tenantId, userId] = segments as [string, string, string];
    return { kind: 'teamsExtensionUser', resourceId, tenantId, userId, cloud, rawId };
  };
  switch (`${a}:${b}:`) {
    case '8:teamsvisitor:':
      return { kind: 'microsoftTeamsUser', microsoftTeamsUserId: suffix, isAnonymous: true, rawId };
    case '8:orgid:':
      return teamsUser('public');
    case '8:dod:':
      return teamsUser('dod');
    case '8:gcch:':
      return teamsUser('gcch');
    case '8:acs:':
      return acs('public');
    case '8:dod-acs:':
      return acs('dod');
    case '8:gcch-acs:':
      return acs('gcch');
    case '8:spool:':
      return { kind: 'communicationUser', communicationUserId: rawId };
    case '28:orgid:':
      return teamsApp('public');
    case '28:dod:':
      return teamsApp('dod');
    case '28:gcch:':
      return teamsApp('gcch');
  }
  return { kind: 'unknown', id: rawId };
}
