// The signed-in workspace shared by both apps: chat list with unread state, the open conversation with
// live updates, send/edit/delete/react, a people picker for new chats, and calls started from a chat.
import { $, el, notify, setStatus, textOf, time, duration } from './dom.js';
import { Graph, chatPath, odataString, type Json } from './graph.js';
import { connectLive, type LiveEvent } from './live.js';
import { Calls } from './calls.js';
import type { Session } from './session.js';

const REACTIONS = ['👍', '❤️', '😆'];

export interface Me {
  id: string;
  displayName: string;
  tenantId: string;
}

export class Workspace {
  readonly graph: Graph;
  readonly chats = new Map<string, Json>();
  readonly messages = new Map<string, Json>();
  current: string | null = null;
  calls: Calls | null = null;
  private picked: Json[] = [];
  private editing: string | null = null;

  constructor(readonly session: Session, readonly me: Me) {
    this.graph = new Graph(session);
  }

  /** Builds the workspace in `root`, loads the chats, opens the live channel, then the call agent. */
  async start(root: HTMLElement): Promise<void> {
    root.replaceChildren(this.layout());
    root.hidden = false;
    setStatus('Loading chats…');
    await this.loadChats();
    setStatus('');
    await connectLive(this.session, (m, e) => this.onLive(m, e), (up) => { $('live').textContent = up ? 'Live' : 'Reconnecting…'; $('live').className = up ? 'live on' : 'live'; });
    this.calls = new Calls(this);
    (window as any).switchboardApp = this;
    await this.calls.start();
  }

  private layout(): HTMLElement {
    const search = el('input', { id: 'people-search', type: 'search', autocomplete: 'off', oninput: () => void this.searchPeople() });
    return el('div', { class: 'workspace', id: 'workspace-grid' },
      el('aside', { class: 'sidebar', 'aria-labelledby': 'chats-h' },
        el('div', { class: 'side-head' },
          el('h2', { id: 'chats-h' }, 'Chats'),
          el('span', { id: 'live', class: 'live', 'aria-live': 'polite' }, 'Connecting…'),
          el('button', { id: 'new-chat', type: 'button', onclick: () => this.toggleNewChat(true) }, 'New chat')),
        el('form', { id: 'new-chat-form', class: 'new-chat', hidden: true, onsubmit: (e: Event) => { e.preventDefault(); void this.createChat(); } },
          el('label', { for: 'people-search' }, 'Add people'), search,
          el('ul', { id: 'people-results', class: 'people', 'aria-label': 'People found' }),
          el('ul', { id: 'people-picked', class: 'picked', 'aria-label': 'People in the new chat' }),
          el('label', { for: 'chat-topic' }, 'Group name (optional)'),
          el('input', { id: 'chat-topic', type: 'text', autocomplete: 'off' }),
          el('div', { class: 'actions' },
            el('button', { type: 'submit' }, 'Start chat'),
            el('button', { type: 'button', class: 'secondary', onclick: () => this.toggleNewChat(false) }, 'Cancel'))),
        el('ul', { id: 'chat-list', class: 'chat-list', 'aria-label': 'Your chats' })),
      el('section', { class: 'conversation', id: 'conversation', 'aria-labelledby': 'conv-title' },
        el('header', { class: 'conv-head' },
          el('button', { type: 'button', class: 'secondary back', onclick: () => this.showList() }, '‹ Chats'),
          el('h2', { id: 'conv-title' }, 'Select a chat'),
          el('button', { id: 'call-audio', type: 'button', class: 'secondary', disabled: true, onclick: () => void this.calls?.startFromChat(false) }, 'Call'),
          el('button', { id: 'call-video', type: 'button', disabled: true, onclick: () => void this.calls?.startFromChat(true) }, 'Video call')),
        el('ol', { id: 'messages', class: 'messages', 'aria-live': 'polite', 'aria-label': 'Messages' }),
        el('form', { id: 'composer', class: 'composer', onsubmit: (e: Event) => { e.preventDefault(); void this.send(); } },
          el('label', { for: 'message-input', class: 'sr-only' }, 'Type a message'),
          el('textarea', { id: 'message-input', rows: 1, placeholder: 'Type a message', disabled: true, onkeydown: (e: KeyboardEvent) => {
            if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); void this.send(); }
            if (e.key === 'Escape' && this.editing) this.cancelEdit();
          } }),
          el('button', { id: 'send', type: 'submit', disabled: true }, 'Send'))));
  }

  // ---- chat list ---------------------------------------------------------------------------

  async loadChats(): Promise<void> {
    const page = await this.graph.get('/me/chats?$expand=members,lastMessagePreview&$top=50');
    for (const chat of page.value as Json[]) this.chats.set(chat.id, chat);
    this.renderChatList();
  }

  titleOf(chat: Json): string {
    if (chat.topic) return chat.topic;
    const others = (chat.members ?? []).filter((m: Json) => m.userId !== this.me.id).map((m: Json) => m.displayName);
    return others.join(', ') || 'Just you';
  }

  otherMembers(chat: Json): Json[] {
    return (chat.members ?? []).filter((m: Json) => m.userId !== this.me.id);
  }

  private isUnread(chat: Json): boolean {
    const last = chat.lastMessagePreview;
    if (!last || last.from?.user?.id === this.me.id || chat.id === this.current) return false;
    const read = chat.viewpoint?.lastMessageReadDateTime;
    return !read || new Date(last.createdDateTime) > new Date(read);
  }

  renderChatList(): void {
    const list = $('chat-list');
    const sorted = [...this.chats.values()].filter((c) => !c.viewpoint?.isHidden)
      .sort((a, b) => (b.lastMessagePreview?.createdDateTime ?? b.createdDateTime ?? '').localeCompare(a.lastMessagePreview?.createdDateTime ?? a.createdDateTime ?? ''));
    list.replaceChildren(...sorted.map((chat) => {
      const unread = this.isUnread(chat);
      const preview = chat.lastMessagePreview;
      const previewText = preview ? (preview.isDeleted ? 'Message deleted' : (preview.eventDetail ? systemText(preview.eventDetail) : textOf(preview.body))) : 'No messages yet';
      return el('li', {},
        el('button', { type: 'button', class: `chat-item${unread ? ' unread' : ''}`, 'aria-current': chat.id === this.current ? 'true' : undefined, 'data-chat-id': chat.id, onclick: () => void this.open(chat.id) },
          el('span', { class: 'chat-name' }, this.titleOf(chat)),
          el('span', { class: 'chat-time' }, time(preview?.createdDateTime)),
          el('span', { class: 'chat-preview' }, previewText),
          unread ? el('span', { class: 'badge' }, el('span', { class: 'sr-only' }, 'Unread')) : null));
    }));
    if (sorted.length === 0) list.append(el('li', { class: 'empty' }, 'No chats yet. Start one with New chat.'));
  }

  // ---- conversation ------------------------------------------------------------------------

  async open(chatId: string): Promise<void> {
    this.current = chatId;
    this.messages.clear();
    this.cancelEdit();
    const chat = this.chats.get(chatId);
    $('conv-title').textContent = chat ? this.titleOf(chat) : 'Chat';
    $('workspace-grid').classList.add('open');
    for (const id of ['message-input', 'send']) ($(id) as HTMLButtonElement).disabled = false;
    const oneOnOne = chat?.chatType === 'oneOnOne';
    for (const id of ['call-audio', 'call-video']) {
      const b = $(id) as HTMLButtonElement;
      b.disabled = !oneOnOne;
      b.title = oneOnOne ? '' : 'Calls are one-on-one for now';
    }
    this.renderChatList();
    $('messages').replaceChildren(el('li', { class: 'empty' }, 'Loading…'));
    try {
      const page = await this.graph.get(`${chatPath(chatId)}/messages?$top=50&$orderby=createdDateTime desc`);
      if (this.current !== chatId) return;
      for (const m of (page.value as Json[]).reverse()) this.messages.set(m.id, m);
      this.renderMessages();
      void this.markRead(chatId);
      $('message-input').focus();
    } catch (e) {
      notify((e as Error).message);
    }
  }

  private showList(): void {
    $('workspace-grid').classList.remove('open');
  }

  private async markRead(chatId: string): Promise<void> {
    const chat = this.chats.get(chatId);
    try {
      await this.graph.post(`${chatPath(chatId)}/markChatReadForUser`, { user: { id: this.me.id, tenantId: this.me.tenantId } });
      if (chat) chat.viewpoint = { ...(chat.viewpoint ?? {}), lastMessageReadDateTime: new Date().toISOString() };
    } catch { /* read state is best effort */ }
  }

  renderMessages(): void {
    const list = $('messages');
    const sorted = [...this.messages.values()].sort((a, b) => a.createdDateTime.localeCompare(b.createdDateTime) || a.id.localeCompare(b.id));
    list.replaceChildren(...sorted.map((m) => this.messageItem(m)));
    if (sorted.length === 0) list.append(el('li', { class: 'empty' }, 'No messages yet. Say hello.'));
    list.scrollTop = list.scrollHeight;
  }

  private messageItem(m: Json): HTMLElement {
    const detail = m.eventDetail;
    if (detail) return this.systemItem(m, detail);
    const mine = m.from?.user?.id === this.me.id;
    const deleted = Boolean(m.deletedDateTime);
    const counts = new Map<string, { n: number; mine: boolean }>();
    for (const r of (m.reactions ?? []) as Json[]) {
      const c = counts.get(r.reactionType) ?? { n: 0, mine: false };
      c.n += 1;
      c.mine ||= r.user?.user?.id === this.me.id;
      counts.set(r.reactionType, c);
    }
    return el('li', { class: `message${mine ? ' mine' : ''}`, 'data-message-id': m.id },
      el('div', { class: 'meta' },
        el('span', { class: 'from' }, mine ? 'You' : (m.from?.user?.displayName ?? 'Someone')),
        el('time', { datetime: m.createdDateTime }, time(m.createdDateTime)),
        m.lastEditedDateTime && !deleted ? el('span', { class: 'edited' }, 'Edited') : null),
      el('p', { class: `text${deleted ? ' deleted' : ''}` }, deleted ? 'This message has been deleted.' : textOf(m.body)),
      deleted ? null : el('div', { class: 'reactions' },
        ...[...counts].map(([type, c]) => el('span', { class: `reaction${c.mine ? ' own' : ''}` }, `${type} ${c.n}`)),
        el('span', { class: 'message-actions' },
          ...REACTIONS.map((type) => {
            const own = counts.get(type)?.mine ?? false;
            return el('button', { type: 'button', class: 'icon', 'aria-pressed': String(own), 'aria-label': `${own ? 'Remove' : 'React with'} ${type}`, onclick: () => void this.react(m, type, own) }, type);
          }),
          mine ? el('button', { type: 'button', class: 'link', onclick: () => this.beginEdit(m) }, 'Edit') : null,
          mine ? el('button', { type: 'button', class: 'link', onclick: () => void this.remove(m) }, 'Delete') : null)));
  }

  private systemItem(m: Json, detail: Json): HTMLElement {
    const call = String(detail['@odata.type'] ?? '').endsWith('callEndedEventMessageDetail');
    return el('li', { class: call ? 'system call-record' : 'system', 'data-message-id': m.id },
      el('span', {}, systemText(detail)), el('time', { datetime: m.createdDateTime }, time(m.createdDateTime)));
  }

  private async send(): Promise<void> {
    const input = $<HTMLTextAreaElement>('message-input');
    const content = input.value.trim();
    if (!content || !this.current) return;
    const chatId = this.current;
    try {
      if (this.editing) {
        const id = this.editing;
        await this.graph.patch(`${chatPath(chatId)}/messages/${id}`, { body: { contentType: 'text', content } });
        this.cancelEdit();
      } else {
        input.value = '';
        const m = await this.graph.post(`${chatPath(chatId)}/messages`, { body: { contentType: 'text', content } });
        this.upsertMessage(chatId, m);
      }
    } catch (e) {
      notify((e as Error).message);
    }
  }

  private beginEdit(m: Json): void {
    this.editing = m.id;
    const input = $<HTMLTextAreaElement>('message-input');
    input.value = textOf(m.body);
    $('send').textContent = 'Save';
    input.focus();
  }

  private cancelEdit(): void {
    if (!this.editing) return;
    this.editing = null;
    $<HTMLTextAreaElement>('message-input').value = '';
    $('send').textContent = 'Send';
  }

  private async remove(m: Json): Promise<void> {
    if (!this.current) return;
    try { await this.graph.post(`${chatPath(this.current)}/messages/${m.id}/softDelete`); } catch (e) { notify((e as Error).message); }
  }

  private async react(m: Json, reactionType: string, own: boolean): Promise<void> {
    if (!this.current) return;
    try { await this.graph.post(`${chatPath(this.current)}/messages/${m.id}/${own ? 'unsetReaction' : 'setReaction'}`, { reactionType }); } catch (e) { notify((e as Error).message); }
  }

  private upsertMessage(chatId: string, m: Json): void {
    const chat = this.chats.get(chatId);
    if (chat && (!chat.lastMessagePreview || chat.lastMessagePreview.createdDateTime <= m.createdDateTime)) {
      chat.lastMessagePreview = { id: m.id, createdDateTime: m.createdDateTime, isDeleted: Boolean(m.deletedDateTime), messageType: m.messageType, eventDetail: m.eventDetail, body: m.body, from: m.from };
    }
    if (chatId === this.current) {
      this.messages.set(m.id, m);
      this.renderMessages();
      if (document.visibilityState === 'visible') void this.markRead(chatId);
    }
    this.renderChatList();
  }

  // ---- live channel ------------------------------------------------------------------------

  private onLive(method: string, e: LiveEvent): void {
    switch (method) {
      case 'chatCreated':
      case 'chatUpdated': {
        const old = this.chats.get(e.chatId) ?? {};
        this.chats.set(e.chatId, { ...old, ...e.data, members: e.data.members ?? old.members, lastMessagePreview: e.data.lastMessagePreview ?? old.lastMessagePreview });
        this.renderChatList();
        if (e.chatId === this.current) $('conv-title').textContent = this.titleOf(this.chats.get(e.chatId)!);
        break;
      }
      case 'messageCreated':
        if (!this.chats.has(e.chatId)) void this.refreshChat(e.chatId);
        this.upsertMessage(e.chatId, e.data);
        break;
      case 'messageUpdated':
      case 'messageDeleted':
      case 'reactionChanged':
        if (e.chatId === this.current) { this.messages.set(e.data.id, e.data); this.renderMessages(); }
        break;
      case 'membersAdded':
      case 'membersRemoved':
        void this.refreshChat(e.chatId);
        break;
    }
  }

  private async refreshChat(chatId: string): Promise<void> {
    try {
      const chat = await this.graph.get(`${chatPath(chatId)}?$expand=members,lastMessagePreview`);
      this.chats.set(chatId, chat);
      this.renderChatList();
    } catch { /* removed from the chat: it drops out at the next load */ }
  }

  // ---- new chat ----------------------------------------------------------------------------

  private toggleNewChat(show: boolean): void {
    $('new-chat-form').hidden = !show;
    $('new-chat').hidden = show;
    if (show) $('people-search').focus();
    else { this.picked = []; this.renderPicked(); $<HTMLInputElement>('people-search').value = ''; $('people-results').replaceChildren(); $('new-chat').focus(); }
  }

  private searchSeq = 0;
  private async searchPeople(): Promise<void> {
    const q = $<HTMLInputElement>('people-search').value.trim();
    const seq = ++this.searchSeq;
    if (!q) { $('people-results').replaceChildren(); return; }
    try {
      const page = await this.graph.get(`/users?$filter=${encodeURIComponent(`startswith(displayName,'${odataString(q)}')`)}&$top=8`);
      if (seq !== this.searchSeq) return;
      const people = (page.value as Json[]).filter((u) => u.id !== this.me.id && !this.picked.some((p) => p.id === u.id));
      $('people-results').replaceChildren(...people.map((u) => el('li', {},
        el('button', { type: 'button', class: 'person', onclick: () => { this.picked.push(u); this.renderPicked(); $<HTMLInputElement>('people-search').value = ''; $('people-results').replaceChildren(); $('people-search').focus(); } },
          el('span', { class: 'chat-name' }, u.displayName), el('span', { class: 'chat-preview' }, u.userPrincipalName ?? u.mail ?? '')))));
      if (people.length === 0) $('people-results').append(el('li', { class: 'empty' }, 'Nobody found'));
    } catch (e) {
      notify((e as Error).message);
    }
  }

  private renderPicked(): void {
    $('people-picked').replaceChildren(...this.picked.map((u) => el('li', { class: 'chip' }, u.displayName,
      el('button', { type: 'button', class: 'icon', 'aria-label': `Remove ${u.displayName}`, onclick: () => { this.picked = this.picked.filter((p) => p.id !== u.id); this.renderPicked(); } }, '×'))));
  }

  private async createChat(): Promise<void> {
    if (this.picked.length === 0) { notify('Pick at least one person.'); return; }
    const topic = $<HTMLInputElement>('chat-topic').value.trim();
    const member = (id: string) => ({ '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: ['owner'], 'user@odata.bind': `${location.origin}/v1.0/users('${id}')` });
    const group = this.picked.length > 1 || Boolean(topic);
    try {
      const chat = await this.graph.post('/chats', {
        chatType: group ? 'group' : 'oneOnOne',
        ...(group && topic ? { topic } : {}),
        members: [member(this.me.id), ...this.picked.map((u) => member(u.id))],
      });
      const full = await this.graph.get(`${chatPath(chat.id)}?$expand=members,lastMessagePreview`);
      this.chats.set(full.id, full);
      this.toggleNewChat(false);
      await this.open(full.id);
    } catch (e) {
      notify((e as Error).message);
    }
  }
}

/** One line for a system event message: the call record, members joining or leaving, a rename. */
function systemText(detail: Json): string {
  const type = String(detail['@odata.type'] ?? '');
  const names = () => (detail.members ?? []).map((x: Json) => x.displayName ?? 'Someone').join(', ');
  if (type.endsWith('callEndedEventMessageDetail')) {
    const d = duration(detail.callDuration);
    return d && d !== '0:00' ? `Call ended · ${d}` : 'Missed call';
  }
  if (type.endsWith('membersAddedEventMessageDetail')) return `${names()} joined the chat`;
  if (type.endsWith('membersDeletedEventMessageDetail')) return `${names()} left the chat`;
  if (type.endsWith('chatRenamedEventMessageDetail')) return `Chat renamed to ${detail.chatDisplayName ?? ''}`;
  return 'Chat updated';
}
