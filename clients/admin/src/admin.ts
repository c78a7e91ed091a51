// Switchboard's admin portal: signs in with msal-browser as the first-party "Switchboard" app and
// manages the signed-in administrator's organisation through the Graph endpoints (and the ARM-shaped
// communication resource routes). The DOM is built with textContent only: directory data is never HTML.
import { PublicClientApplication, type AccountInfo } from '@azure/msal-browser';

const CLIENT_ID = '5b0a4d2e-7f1c-4c8e-9a3d-5717c4b0a001';
const ORIGIN = location.origin;
const GRAPH = `${ORIGIN}/v1.0`;
const MICROSOFT_TENANT = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
const SCOPES = ['User.ReadWrite.All', 'Application.ReadWrite.All', 'DelegatedPermissionGrant.ReadWrite.All', 'Policy.ReadWrite.Authorization',
  'RoleManagement.ReadWrite.Directory', 'Directory.ReadWrite.All'].map((s) => `https://graph.microsoft.com/${s}`);
const ROLES: Record<string, string> = {
  '62e90394-69f5-4237-9190-012177145e10': 'Global Administrator',
  'e8611ab8-c189-46e8-94e1-60213ab1f814': 'Privileged Role Administrator',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User Administrator',
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3': 'Application Administrator',
  '158c047a-c907-4556-b7ef-446551a6b5f7': 'Cloud Application Administrator',
  '69091246-20e8-4a56-aa4d-066075b2a7a8': 'Teams Administrator',
};
const ADMIN_ROLES = Object.keys(ROLES).filter((id) => ROLES[id] !== 'Teams Administrator');
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const TEAMS_SKU = '7e31c0d9-9551-471d-836f-32ee72be4a01';

type Json = Record<string, any>;

const msal = new PublicClientApplication({
  auth: { clientId: CLIENT_ID, authority: `${ORIGIN}/organizations`, knownAuthorities: [location.host], redirectUri: `${ORIGIN}/admin/`, postLogoutRedirectUri: `${ORIGIN}/admin/` },
  cache: { cacheLocation: 'sessionStorage' },
});

let account: AccountInfo | null = null;
let tenantId = '';
let tenantDomain = '';
let myRoles: string[] = [];

const $ = (id: string) => document.getElementById(id)!;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, any>> = {}, ...children: (Node | string | null | undefined | false)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key in node && typeof value !== 'string') (node as any)[key] = value;
    else node.setAttribute(key, String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function field(label: string, input: HTMLInputElement | HTMLSelectElement): HTMLLabelElement {
  return el('label', {}, label, input);
}

function notify(message: string, ok = false): void {
  const notice = $('notice');
  notice.textContent = message;
  notice.className = ok ? 'notice ok' : 'notice';
  notice.hidden = !message;
}

async function token(): Promise<string> {
  try {
    return (await msal.acquireTokenSilent({ scopes: SCOPES, account: account! })).accessToken;
  } catch {
    await msal.acquireTokenRedirect({ scopes: SCOPES, account: account! });
    throw new Error('Signing in again…');
  }
}

async function call(method: string, path: string, body?: unknown, base = GRAPH): Promise<any> {
  const response = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${await token()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = json?.error;
    throw new Error(error ? `${error.message} (${error.code})` : `HTTP ${response.status}`);
  }
  return json;
}

/** Runs an action from a button: disables it meanwhile, shows the outcome, re-renders the section. */
function action(button: HTMLButtonElement, run: () => Promise<string | void>, rerender?: () => Promise<void>): void {
  button.addEventListener('click', async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      const message = await run();
      notify(message ?? '', true);
      if (rerender) await rerender();
    } catch (e) {
      notify((e as Error).message);
    } finally {
      button.disabled = false;
    }
  });
}

// ---------- Users ----------
async function renderUsers(): Promise<void> {
  const section = $('users');
  const name = el('input', { id: 'new-user-name', autocomplete: 'off', required: true });
  const alias = el('input', { id: 'new-user-alias', autocomplete: 'off', required: true });
  const password = el('input', { id: 'new-user-password', type: 'password', autocomplete: 'new-password', required: true });
  const teams = el('input', { id: 'new-user-teams', type: 'checkbox', checked: true });
  const create = el('button', { type: 'submit' }, 'Create user');
  const form = el('form', { class: 'row', 'aria-label': 'New user' },
    field('Display name', name), field(`User name (@${tenantDomain})`, alias), field('Password', password),
    el('label', { class: 'check' }, teams, 'Teams licence'), create);
  action(create, async () => {
    if (!form.reportValidity()) return;
    const user = await call('POST', '/users', {
      accountEnabled: true, displayName: name.value, mailNickname: alias.value,
      userPrincipalName: `${alias.value}@${tenantDomain}`, passwordProfile: { password: password.value, forceChangePasswordNextSignIn: false },
    });
    if (teams.checked) await call('POST', `/users/${user.id}/assignLicense`, { addLicenses: [{ skuId: TEAMS_SKU }], removeLicenses: [] });
    form.reset();
    teams.checked = true;
    return `Created ${user.userPrincipalName}.`;
  }, renderUsers);

  const [users, ...members] = await Promise.all([
    call('GET', '/users?$top=999'),
    ...Object.keys(ROLES).map((id) => call('GET', `/directoryRoles/${id}/members`)),
  ]);
  const rolesOf = new Map<string, string[]>();
  Object.keys(ROLES).forEach((id, i) => {
    for (const m of members[i].value) rolesOf.set(m.id, [...(rolesOf.get(m.id) ?? []), id]);
  });

  const list = el('div', { class: 'list', role: 'list' });
  for (const user of users.value as Json[]) {
    const roles = rolesOf.get(user.id) ?? [];
    const licensed = (user.assignedLicenses ?? []).some((l: Json) => l.skuId === TEAMS_SKU);
    const toggle = el('button', { type: 'button', class: user.accountEnabled ? 'danger' : 'secondary' }, user.accountEnabled ? 'Disable' : 'Enable');
    action(toggle, async () => {
      await call('PATCH', `/users/${user.id}`, { accountEnabled: !user.accountEnabled });
      return `${user.displayName} ${user.accountEnabled ? 'disabled' : 'enabled'}.`;
    }, renderUsers);
    const teamsButton = el('button', { type: 'button', class: 'secondary' }, licensed ? 'Teams off' : 'Teams on');
    action(teamsButton, async () => {
      await call('POST', `/users/${user.id}/assignLicense`, licensed ? { addLicenses: [], removeLicenses: [TEAMS_SKU] } : { addLicenses: [{ skuId: TEAMS_SKU }], removeLicenses: [] });
      return `Teams ${licensed ? 'removed from' : 'given to'} ${user.displayName}.`;
    }, renderUsers);
    const roleSelect = el('select', { 'aria-label': `Role for ${user.displayName}` },
      ...Object.entries(ROLES).map(([id, label]) => el('option', { value: id }, label)));
    const roleButton = el('button', { type: 'button', class: 'secondary' }, 'Add role');
    action(roleButton, async () => {
      await call('POST', `/directoryRoles/${roleSelect.value}/members/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${user.id}` });
      return `${ROLES[roleSelect.value]} given to ${user.displayName}.`;
    }, renderUsers);
    const roleTags = roles.map((id) => {
      const remove = el('button', { type: 'button', class: 'secondary', 'aria-label': `Remove ${ROLES[id]} from ${user.displayName}` }, '×');
      action(remove, async () => {
        await call('DELETE', `/directoryRoles/${id}/members/${user.id}/$ref`);
        return `${ROLES[id]} removed from ${user.displayName}.`;
      }, renderUsers);
      return el('span', { class: 'tag' }, ROLES[id], ' ', remove);
    });
    list.append(el('div', { class: 'card', role: 'listitem' },
      el('div', { class: 'head' }, el('span', { class: 'name' }, user.displayName), el('span', { class: 'meta' }, user.userPrincipalName),
        !user.accountEnabled && el('span', { class: 'tag off' }, 'Disabled'), licensed && el('span', { class: 'tag' }, 'Teams'), ...roleTags),
      el('div', { class: 'actions' }, toggle, teamsButton, roleSelect, roleButton)));
  }
  section.replaceChildren(el('h2', { id: 'users-h' }, 'Users'), form, list);
}

// ---------- App registrations ----------
async function renderApps(): Promise<void> {
  const section = $('apps');
  const name = el('input', { id: 'new-app-name', required: true, autocomplete: 'off' });
  const audience = el('select', { id: 'new-app-audience' },
    el('option', { value: 'AzureADMyOrg' }, 'This organisation only'),
    el('option', { value: 'AzureADMultipleOrgs' }, 'Any organisation (multi-tenant)'));
  const create = el('button', { type: 'submit' }, 'Register');
  const form = el('form', { class: 'row', 'aria-label': 'New app registration' }, field('Name', name), field('Supported accounts', audience), create);
  action(create, async () => {
    if (!form.reportValidity()) return;
    const app = await call('POST', '/applications', { displayName: name.value, signInAudience: audience.value });
    form.reset();
    return `Registered ${app.displayName}: application (client) ID ${app.appId}.`;
  }, renderApps);

  const [apps, graph] = await Promise.all([call('GET', '/applications'), call('GET', `/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')`)]);
  const graphScopes = new Map<string, string>((graph.oauth2PermissionScopes as Json[]).map((s) => [s.id, s.value]));
  const list = el('div', { class: 'list', role: 'list' });
  for (const app of apps.value as Json[]) {
    const uris: [string, string][] = [
      ...app.web.redirectUris.map((u: string) => ['web', u]), ...app.spa.redirectUris.map((u: string) => ['spa', u]),
      ...app.publicClient.redirectUris.map((u: string) => ['publicClient', u])];
    const uri = el('input', { 'aria-label': `Redirect URI for ${app.displayName}`, placeholder: 'https://app.example/auth' });
    const platform = el('select', { 'aria-label': `Platform for ${app.displayName}` },
      el('option', { value: 'spa' }, 'Single-page app'), el('option', { value: 'web' }, 'Web'), el('option', { value: 'publicClient' }, 'Mobile and desktop'));
    const addUri = el('button', { type: 'button', class: 'secondary' }, 'Add redirect URI');
    action(addUri, async () => {
      await call('PATCH', `/applications/${app.id}`, { [platform.value]: { redirectUris: [...app[platform.value].redirectUris, uri.value] } });
      return `Redirect URI added to ${app.displayName}.`;
    }, renderApps);
    const secretButton = el('button', { type: 'button', class: 'secondary' }, 'New client secret');
    const secretOut = el('div', { 'aria-live': 'polite' });
    action(secretButton, async () => {
      const secret = await call('POST', `/applications/${app.id}/addPassword`, { passwordCredential: { displayName: 'Created in the admin portal' } });
      secretOut.replaceChildren(el('p', {}, 'Copy the secret now; it is not shown again:'), el('div', { class: 'secret' }, secret.secretText));
    });
    const secrets = (app.passwordCredentials as Json[]).map((s) => {
      const remove = el('button', { type: 'button', class: 'danger' }, 'Remove');
      action(remove, async () => { await call('POST', `/applications/${app.id}/removePassword`, { keyId: s.keyId }); return 'Secret removed.'; }, renderApps);
      return el('li', {}, `${s.hint}… (${s.displayName ?? 'secret'}, expires ${String(s.endDateTime).slice(0, 10)}) `, remove);
    });
    const permissions = (app.requiredResourceAccess as Json[]).flatMap((r) => r.resourceAccess.map((a: Json) =>
      r.resourceAppId === '00000003-0000-0000-c000-000000000000' ? `Microsoft Graph: ${graphScopes.get(a.id) ?? a.id}` : `${r.resourceAppId}: ${a.id} (${a.type})`));
    const permission = el('select', { 'aria-label': `Microsoft Graph permission for ${app.displayName}` },
      ...[...graphScopes.entries()].map(([id, value]) => el('option', { value: id }, value)));
    const addPermission = el('button', { type: 'button', class: 'secondary' }, 'Add permission');
    action(addPermission, async () => {
      const access = (app.requiredResourceAccess as Json[]).map((r) => ({ resourceAppId: r.resourceAppId, resourceAccess: r.resourceAccess }));
      let graphEntry = access.find((r) => r.resourceAppId === '00000003-0000-0000-c000-000000000000');
      if (!graphEntry) access.push(graphEntry = { resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [] });
      if (!graphEntry.resourceAccess.some((a: Json) => a.id === permission.value)) graphEntry.resourceAccess.push({ id: permission.value, type: 'Scope' });
      await call('PATCH', `/applications/${app.id}`, { requiredResourceAccess: access });
      return `Permission added to ${app.displayName}.`;
    }, renderApps);
    const remove = el('button', { type: 'button', class: 'danger' }, 'Delete');
    action(remove, async () => { await call('DELETE', `/applications/${app.id}`); return `${app.displayName} deleted.`; }, renderApps);
    list.append(el('div', { class: 'card', role: 'listitem' },
      el('div', { class: 'head' }, el('span', { class: 'name' }, app.displayName), el('span', { class: 'meta' }, `Application (client) ID ${app.appId}`),
        el('span', { class: 'tag' }, app.signInAudience === 'AzureADMyOrg' ? 'Single tenant' : 'Multi-tenant')),
      el('div', { class: 'meta' }, 'Redirect URIs: ', uris.length ? uris.map(([p, u]) => `${u} (${p})`).join(', ') : 'none'),
      el('div', { class: 'actions' }, uri, platform, addUri),
      el('div', { class: 'meta' }, 'Required permissions: ', permissions.length ? permissions.join(', ') : 'none'),
      el('div', { class: 'actions' }, permission, addPermission),
      secrets.length ? el('ul', { class: 'plain' }, ...secrets) : null,
      el('div', { class: 'actions' }, secretButton, remove), secretOut));
  }
  if (!apps.value.length) list.append(el('p', { class: 'status' }, 'No app registrations yet.'));
  section.replaceChildren(el('h2', { id: 'apps-h' }, 'App registrations'), form, list);
}

// ---------- Enterprise applications ----------
async function renderEnterprise(): Promise<void> {
  const section = $('enterprise');
  const appId = el('input', { id: 'enterprise-app-id', required: true, autocomplete: 'off', pattern: '[0-9a-fA-F-]{36}' });
  const add = el('button', { type: 'submit' }, 'Add application');
  const form = el('form', { class: 'row', 'aria-label': 'Add an enterprise application' }, field('Application (client) ID', appId), add);
  action(add, async () => {
    if (!form.reportValidity()) return;
    const sp = await call('POST', '/servicePrincipals', { appId: appId.value.trim() });
    form.reset();
    return `${sp.displayName} added to your organisation.`;
  }, renderEnterprise);

  const [principals, grants] = await Promise.all([call('GET', '/servicePrincipals'), call('GET', '/oauth2PermissionGrants')]);
  const names = new Map<string, string>((principals.value as Json[]).map((p) => [p.id, p.displayName]));
  const list = el('div', { class: 'list', role: 'list' });
  for (const sp of (principals.value as Json[]).filter((p) => p.appOwnerOrganizationId !== MICROSOFT_TENANT)) {
    const mine = (grants.value as Json[]).filter((g) => g.clientId === sp.id);
    // One line per resource and kind: everyone's grant, and the users' own grants summed up.
    const groups = new Map<string, { resource: string; admin: boolean; scopes: Set<string>; users: Set<string> }>();
    for (const g of mine) {
      const key = `${g.resourceId}|${g.consentType}`;
      const group = groups.get(key) ?? { resource: g.resourceId, admin: g.consentType === 'AllPrincipals', scopes: new Set<string>(), users: new Set<string>() };
      for (const scope of String(g.scope).split(' ').filter(Boolean)) group.scopes.add(scope);
      if (g.principalId) group.users.add(g.principalId);
      groups.set(key, group);
    }
    const granted = [...groups.values()].map((g) => el('li', {}, `${names.get(g.resource) ?? g.resource}: ${[...g.scopes].join(' ')} `,
      el('span', { class: 'tag' }, g.admin ? 'Admin consent' : `${g.users.size} ${g.users.size === 1 ? 'user' : 'users'}`)));
    const consent = el('button', { type: 'button' }, 'Grant admin consent');
    consent.addEventListener('click', () => {
      // Entra's own flow: the consent page lists what the app declares; the grants appear here after it.
      const popup = window.open(`${ORIGIN}/${tenantId}/adminconsent?client_id=${encodeURIComponent(sp.appId)}`, 'adminconsent', 'width=520,height=640');
      const timer = setInterval(() => { if (!popup || popup.closed) { clearInterval(timer); void renderEnterprise(); } }, 500);
    });
    const revoke = el('button', { type: 'button', class: 'danger', disabled: mine.length === 0 }, 'Revoke');
    action(revoke, async () => {
      for (const g of mine) await call('DELETE', `/oauth2PermissionGrants/${g.id}`);
      return `Permissions of ${sp.displayName} revoked.`;
    }, renderEnterprise);
    const url = el('output', { class: 'meta' });
    const customer = el('input', { 'aria-label': `Customer tenant for ${sp.displayName} (domain or ID)`, placeholder: 'Customer tenant (domain or ID)', autocomplete: 'off' });
    const copy = el('button', { type: 'button', class: 'secondary' }, 'Copy admin consent URL');
    copy.addEventListener('click', async () => {
      const tenant = customer.value.trim() || 'organizations';
      const link = `${ORIGIN}/${encodeURIComponent(tenant)}/adminconsent?client_id=${sp.appId}`;
      url.textContent = link;
      try { await navigator.clipboard.writeText(link); notify('Admin consent URL copied: send it to the customer’s administrator.', true); } catch { /* shown below the buttons */ }
    });
    list.append(el('div', { class: 'card', role: 'listitem', 'data-app-id': sp.appId },
      el('div', { class: 'head' }, el('span', { class: 'name' }, sp.displayName), el('span', { class: 'meta' }, `Application (client) ID ${sp.appId}`),
        sp.publisherName && el('span', { class: 'tag' }, `Publisher: ${sp.publisherName}`)),
      el('div', {}, el('strong', {}, 'Granted permissions'), granted.length ? el('ul', { class: 'plain' }, ...granted) : el('p', { class: 'meta' }, 'None granted.')),
      el('div', { class: 'actions' }, consent, revoke), el('div', { class: 'actions' }, customer, copy), url));
  }
  section.replaceChildren(el('h2', { id: 'enterprise-h' }, 'Enterprise applications'), form, list);
}

// ---------- Consent settings ----------
async function renderConsent(): Promise<void> {
  const section = $('consent');
  const policy = await call('GET', '/policies/authorizationPolicy');
  const allowed = policy.defaultUserRolePermissions.permissionGrantPoliciesAssigned.length > 0;
  const on = el('input', { type: 'radio', name: 'user-consent', id: 'consent-on', checked: allowed });
  const off = el('input', { type: 'radio', name: 'user-consent', id: 'consent-off', checked: !allowed });
  const save = el('button', { type: 'submit' }, 'Save');
  const form = el('form', { class: 'row', 'aria-label': 'User consent' },
    el('fieldset', {}, el('legend', {}, 'Users may consent to apps for themselves'),
      el('label', { class: 'check' }, on, 'On: users consent to permissions that do not need an administrator'),
      el('label', { class: 'check' }, off, 'Off: only administrators consent')), save);
  action(save, async () => {
    await call('PATCH', '/policies/authorizationPolicy', {
      defaultUserRolePermissions: { permissionGrantPoliciesAssigned: on.checked ? ['ManagePermissionGrantsForSelf.microsoft-user-default-legacy'] : [] },
    });
    return `User consent is now ${on.checked ? 'on' : 'off'}.`;
  }, renderConsent);
  section.replaceChildren(el('h2', { id: 'consent-h' }, 'Consent settings'), form,
    el('p', { class: 'meta', id: 'consent-state' }, `Currently: users ${allowed ? 'may' : 'may not'} consent.`));
}

// ---------- Communication resources ----------
const RESOURCES = `${ORIGIN}/admin/api/communication/resources`;

async function renderCommunication(): Promise<void> {
  const section = $('communication');
  const resources = await call('GET', '', undefined, RESOURCES);
  const list = el('div', { class: 'list', role: 'list' });
  for (const resource of resources.value as Json[]) {
    const keys = await call('POST', `/${encodeURIComponent(resource.name)}/listKeys`, undefined, RESOURCES);
    const rows = (['Primary', 'Secondary'] as const).map((kind) => {
      const regenerate = el('button', { type: 'button', class: 'danger' }, `Regenerate ${kind.toLowerCase()} key`);
      action(regenerate, async () => {
        await call('POST', `/${encodeURIComponent(resource.name)}/regenerateKey`, { keyType: kind }, RESOURCES);
        return `${kind} key of ${resource.name} regenerated: the old key no longer works.`;
      }, renderCommunication);
      const prefix = kind.toLowerCase();
      return el('div', { class: 'card' },
        el('strong', {}, `${kind} key`), el('code', {}, keys[`${prefix}Key`]),
        el('strong', {}, `${kind} connection string`), el('code', {}, keys[`${prefix}ConnectionString`]),
        el('div', { class: 'actions' }, regenerate));
    });
    list.append(el('div', { class: 'card', role: 'listitem' },
      el('div', { class: 'head' }, el('span', { class: 'name' }, resource.name), el('span', { class: 'meta' }, `Immutable resource ID ${resource.properties.immutableResourceId}`)),
      ...rows));
  }
  section.replaceChildren(el('h2', { id: 'communication-h' }, 'Communication resources'), list);
}

// ---------- Shell ----------
const SECTIONS: Record<string, () => Promise<void>> = { users: renderUsers, apps: renderApps, enterprise: renderEnterprise, consent: renderConsent, communication: renderCommunication };

async function show(): Promise<void> {
  const id = location.hash.slice(1) in SECTIONS ? location.hash.slice(1) : 'users';
  for (const key of Object.keys(SECTIONS)) $(key).hidden = key !== id;
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
    if (link.hash === `#${id}`) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  notify('');
  $('status').textContent = 'Loading…';
  try {
    await SECTIONS[id]();
    $('status').textContent = '';
  } catch (e) {
    $('status').textContent = '';
    notify((e as Error).message);
  }
}

async function start(): Promise<void> {
  await msal.initialize();
  const result = await msal.handleRedirectPromise();
  account = result?.account ?? msal.getAllAccounts()[0] ?? null;
  $('sign-in').addEventListener('click', () => void msal.loginRedirect({ scopes: SCOPES, prompt: 'select_account' }));
  $('sign-out').addEventListener('click', () => void msal.logoutRedirect({ account }));
  if (!account) return;

  msal.setActiveAccount(account);
  tenantId = account.tenantId;
  $('sign-in').hidden = true;
  $('sign-out').hidden = false;
  $('status').textContent = 'Loading…';
  try {
    const me = await call('GET', '/me');
    $('who').textContent = me.displayName;
    tenantDomain = me.userPrincipalName.split('@')[1];
    const members = await Promise.all(ADMIN_ROLES.map((id) => call('GET', `/directoryRoles/${id}/members`)));
    myRoles = ADMIN_ROLES.filter((_, i) => members[i].value.some((m: Json) => m.id === me.id));
  } catch (e) {
    notify((e as Error).message);
    return;
  }

  if (myRoles.length === 0) {
    $('status').textContent = '';
    // In the page, not a passing toast: it is the whole answer for this user.
    $('status').replaceWith(el('div', { class: 'blocked', role: 'alert' },
      el('h2', {}, 'No administrator role'),
      el('p', {}, 'You do not have permission to administer this organisation. Ask a Global Administrator to give you an administrator role (User, Application or Global Administrator).')));
    return;
  }

  if (myRoles.includes(GLOBAL_ADMIN)) {
    try {
      const resources = await call('GET', '', undefined, RESOURCES);
      $('nav-communication').hidden = resources.value.length === 0;
    } catch { /* not shown */ }
  }
  $('nav').hidden = false;
  window.addEventListener('hashchange', () => void show());
  await show();
}

void start().catch((e) => notify((e as Error).message));
