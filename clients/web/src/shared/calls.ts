// Calls with Switchboard's calling library, loaded from the server at /sdk/calling.js (the
// @azure/communication-calling API): a Teams call agent, calls from a one-on-one chat, the incoming-call
// notice, in-call controls and video tiles through VideoStreamRenderer.
import { $, el, notify } from './dom.js';
import { odataString, type Json } from './graph.js';
import type { Workspace } from './workspace.js';

const SDK_URL = '/sdk/calling.js';

interface Tile {
  renderer: any;
  node: HTMLElement;
}

export class Calls {
  sdk: any;
  agent: any;
  deviceManager: any;
  /** The call on screen (one at a time, as in Teams' call window). */
  call: any = null;
  private incoming: any = null;
  private readonly tiles = new Map<any, Tile>();
  private localVideo: any = null;
  private started = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly ws: Workspace) {}

  async start(): Promise<void> {
    this.buildViews();
    try {
      // A runtime URL, so the bundler leaves the import to the browser: the SDK is the server's.
      const url: string = SDK_URL;
      this.sdk = await import(url);
      const client = new this.sdk.CallClient();
      this.agent = await client.createTeamsCallAgent(this.ws.session.callingCredential);
      this.deviceManager = await client.getDeviceManager();
      this.agent.on('incomingCall', ({ incomingCall }: any) => this.onIncoming(incomingCall));
      this.agent.on('connectionStateChanged', ({ newValue }: any) => { $('calling-state').textContent = newValue === 'Connected' ? 'Calls ready' : 'Calls offline'; });
      $('calling-state').textContent = 'Calls ready';
    } catch (e) {
      $('calling-state').textContent = 'Calls unavailable';
      notify(`Calling is unavailable: ${(e as Error).message}`);
    }
  }

  private buildViews(): void {
    document.body.append(
      el('div', { id: 'incoming', class: 'incoming', role: 'alertdialog', 'aria-labelledby': 'incoming-title', 'aria-describedby': 'incoming-kind', hidden: true },
        el('p', { id: 'incoming-title', class: 'incoming-title' }),
        el('p', { id: 'incoming-kind', class: 'muted' }),
        el('div', { class: 'actions' },
          el('button', { id: 'accept', type: 'button', class: 'accept', onclick: () => void this.accept() }, 'Accept'),
          el('button', { id: 'decline', type: 'button', class: 'danger', onclick: () => void this.decline() }, 'Decline'))),
      el('section', { id: 'call', class: 'call', 'aria-labelledby': 'call-title', hidden: true },
        el('header', { class: 'call-head' },
          el('h2', { id: 'call-title' }, 'Call'),
          el('span', { id: 'call-state', class: 'call-state', role: 'status' }, ''),
          el('span', { id: 'call-clock', class: 'muted' }, '')),
        el('ul', { id: 'call-participants', class: 'participants', 'aria-label': 'Participants' }),
        el('div', { id: 'tiles', class: 'tiles' }),
        el('div', { class: 'controls', role: 'toolbar', 'aria-label': 'Call controls' },
          el('button', { id: 'mute', type: 'button', class: 'secondary', 'aria-pressed': 'false', onclick: () => void this.toggleMute() }, 'Mute'),
          el('button', { id: 'camera', type: 'button', class: 'secondary', 'aria-pressed': 'false', onclick: () => void this.toggleCamera() }, 'Camera'),
          el('button', { id: 'share', type: 'button', class: 'secondary', 'aria-pressed': 'false', onclick: () => void this.toggleShare() }, 'Share screen'),
          el('button', { id: 'hold', type: 'button', class: 'secondary', 'aria-pressed': 'false', onclick: () => void this.toggleHold() }, 'Hold'),
          el('button', { id: 'hang-up', type: 'button', class: 'danger', onclick: () => void this.hangUp() }, 'Hang up')),
        el('form', { class: 'call-target', onsubmit: (e: Event) => e.preventDefault() },
          el('label', { for: 'call-person' }, 'Person (name or email)'),
          el('input', { id: 'call-person', type: 'text', autocomplete: 'off' }),
          el('button', { type: 'button', class: 'secondary', onclick: () => void this.addParticipant() }, 'Add participant'),
          el('button', { type: 'button', class: 'secondary', onclick: () => void this.transfer() }, 'Transfer'))));
    $('chats-h').after(el('span', { id: 'calling-state', class: 'muted calling-state' }, 'Calls starting…'));
  }

  // ---- starting and answering --------------------------------------------------------------

  private async videoOptions(video: boolean): Promise<Json | undefined> {
    if (!video) return undefined;
    const cameras = await this.deviceManager.getCameras();
    if (cameras.length === 0) { notify('No camera found: the call starts without video.'); return undefined; }
    this.localVideo = new this.sdk.LocalVideoStream(cameras[0]);
    return { localVideoStreams: [this.localVideo] };
  }

  async startFromChat(video: boolean): Promise<void> {
    const chat = this.ws.current ? this.ws.chats.get(this.ws.current) : undefined;
    if (!chat || !this.agent) return;
    if (this.call) { notify('You are already in a call.'); return; }
    const other = this.ws.otherMembers(chat)[0];
    if (!other?.userId) return;
    try {
      const videoOptions = await this.videoOptions(video);
      const call = this.agent.startCall([{ microsoftTeamsUserId: other.userId }], { threadId: chat.id, ...(videoOptions ? { videoOptions } : {}) });
      this.show(call, this.ws.titleOf(chat));
    } catch (e) {
      notify((e as Error).message);
    }
  }

  private onIncoming(incomingCall: any): void {
    if (this.call || this.incoming) { void incomingCall.reject(); return; }
    this.incoming = incomingCall;
    const name = incomingCall.callerInfo?.displayName ?? 'Someone';
    $('incoming-title').textContent = `${name} is calling you`;
    $('incoming-kind').textContent = 'Accept to answer with your camera on.';
    $('incoming').hidden = false;
    $('accept').focus();
    incomingCall.on('callEnded', () => { if (this.incoming === incomingCall) this.closeIncoming(); });
  }

  private closeIncoming(): void {
    this.incoming = null;
    $('incoming').hidden = true;
  }

  private async accept(): Promise<void> {
    const incoming = this.incoming;
    if (!incoming) return;
    this.closeIncoming();
    try {
      const videoOptions = await this.videoOptions(true);
      const call = await incoming.accept(videoOptions ? { videoOptions } : {});
      this.show(call, incoming.callerInfo?.displayName ?? 'Call');
      const threadId = call.info?.threadId;
      if (threadId && this.ws.chats.has(threadId) && this.ws.current !== threadId) void this.ws.open(threadId);
    } catch (e) {
      notify((e as Error).message);
    }
  }

  private async decline(): Promise<void> {
    const incoming = this.incoming;
    this.closeIncoming();
    try { await incoming?.reject(); } catch (e) { notify((e as Error).message); }
  }

  // ---- the call window ---------------------------------------------------------------------

  private show(call: any, title: string): void {
    this.call = call;
    $('call-title').textContent = title;
    $('call').hidden = false;
    document.body.classList.add('in-call');
    call.on('stateChanged', () => this.onState());
    call.on('remoteParticipantsUpdated', ({ added, removed }: any) => {
      for (const p of added) this.watchParticipant(p);
      for (const p of removed) for (const s of p.videoStreams) this.removeTile(s);
      this.renderParticipants();
    });
    call.on('isMutedChanged', () => this.renderControls());
    call.on('isScreenSharingOnChanged', () => this.renderControls());
    call.on('isLocalVideoStartedChanged', () => { this.renderControls(); void this.renderLocal(); });
    call.on('localVideoStreamsUpdated', () => void this.renderLocal());
    for (const p of call.remoteParticipants) this.watchParticipant(p);
    this.onState();
    void this.renderLocal();
    $('hang-up').focus();
  }

  private onState(): void {
    const call = this.call;
    if (!call) return;
    $('call-state').textContent = call.state;
    if (call.state === 'Connected' && !this.started) {
      this.started = Date.now();
      this.timer = setInterval(() => {
        const s = Math.floor((Date.now() - this.started) / 1000);
        $('call-clock').textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
      }, 1000);
    }
    this.renderControls();
    this.renderParticipants();
    if (call.state === 'Disconnected') this.close();
  }

  private close(): void {
    for (const stream of [...this.tiles.keys()]) this.removeTile(stream);
    clearInterval(this.timer);
    this.started = 0;
    this.localVideo = null;
    this.call = null;
    $('call-clock').textContent = '';
    $('call').hidden = true;
    document.body.classList.remove('in-call');
  }

  private watchParticipant(p: any): void {
    p.on('stateChanged', () => this.renderParticipants());
    p.on('isMutedChanged', () => this.renderParticipants());
    p.on('displayNameChanged', () => this.renderParticipants());
    const watch = (s: any) => {
      s.on('isAvailableChanged', () => void this.syncTile(s, p));
      void this.syncTile(s, p);
    };
    for (const s of p.videoStreams) watch(s);
    p.on('videoStreamsUpdated', ({ added, removed }: any) => {
      for (const s of added) watch(s);
      for (const s of removed) this.removeTile(s);
    });
  }

  private renderParticipants(): void {
    const call = this.call;
    if (!call) return;
    $('call-participants').replaceChildren(...call.remoteParticipants.map((p: any) =>
      el('li', {}, el('span', { class: 'chat-name' }, p.displayName ?? 'Participant'), el('span', { class: 'muted' }, ` ${p.state}${p.isMuted ? ' · muted' : ''}`))));
  }

  private async syncTile(stream: any, p: any): Promise<void> {
    if (!stream.isAvailable) { this.removeTile(stream); return; }
    if (this.tiles.has(stream)) return;
    const renderer = new this.sdk.VideoStreamRenderer(stream);
    const screen = stream.mediaStreamType === 'ScreenSharing';
    const node = el('figure', { class: `tile${screen ? ' screen' : ''}`, 'data-stream-type': stream.mediaStreamType },
      el('figcaption', {}, `${p.displayName ?? 'Participant'}${screen ? ' · screen' : ''}`));
    this.tiles.set(stream, { renderer, node });
    $('tiles').append(node);
    try {
      const view = await renderer.createView({ scalingMode: screen ? 'Fit' : 'Crop' });
      node.prepend(view.target);
    } catch (e) {
      this.removeTile(stream);
      notify((e as Error).message);
    }
  }

  private removeTile(stream: any): void {
    const tile = this.tiles.get(stream);
    if (!tile) return;
    tile.renderer.dispose();
    tile.node.remove();
    this.tiles.delete(stream);
  }

  private async renderLocal(): Promise<void> {
    const call = this.call;
    if (!call) return;
    const streams = call.localVideoStreams.filter((s: any) => s.mediaStreamType === 'Video');
    for (const [stream] of this.tiles) if (stream.__local && !streams.includes(stream)) this.removeTile(stream);
    for (const stream of streams) {
      if (this.tiles.has(stream)) continue;
      stream.__local = true;
      const renderer = new this.sdk.VideoStreamRenderer(stream);
      const node = el('figure', { class: 'tile local', 'data-stream-type': 'Local' }, el('figcaption', {}, 'You'));
      this.tiles.set(stream, { renderer, node });
      $('tiles').prepend(node);
      const view = await renderer.createView({ scalingMode: 'Crop', isMirrored: true });
      node.prepend(view.target);
    }
  }

  private renderControls(): void {
    const call = this.call;
    if (!call) return;
    const set = (id: string, on: boolean, onText: string, offText: string) => {
      const b = $(id);
      b.setAttribute('aria-pressed', String(on));
      b.textContent = on ? onText : offText;
    };
    set('mute', call.isMuted, 'Unmute', 'Mute');
    set('camera', call.isLocalVideoStarted, 'Camera off', 'Camera on');
    set('share', call.isScreenSharingOn, 'Stop sharing', 'Share screen');
    set('hold', call.state === 'LocalHold', 'Resume', 'Hold');
    const live = ['Connected', 'LocalHold', 'RemoteHold'].includes(call.state);
    for (const id of ['mute', 'camera', 'share', 'hold']) ($(id) as HTMLButtonElement).disabled = !live;
  }

  // ---- controls ----------------------------------------------------------------------------

  private async run(action: () => Promise<unknown>): Promise<void> {
    try { await action(); } catch (e) { notify((e as Error).message); }
    this.renderControls();
  }

  toggleMute = () => this.run(() => (this.call.isMuted ? this.call.unmute() : this.call.mute()));
  toggleHold = () => this.run(() => (this.call.state === 'LocalHold' ? this.call.resume() : this.call.hold()));
  toggleShare = () => this.run(() => (this.call.isScreenSharingOn ? this.call.stopScreenSharing() : this.call.startScreenSharing()));
  hangUp = () => this.run(async () => { await this.call?.hangUp(); });

  toggleCamera = () => this.run(async () => {
    const current = this.call.localVideoStreams.find((s: any) => s.mediaStreamType === 'Video');
    if (current) { await this.call.stopVideo(current); return; }
    const cameras = await this.deviceManager.getCameras();
    if (cameras.length === 0) throw new Error('No camera found.');
    await this.call.startVideo(new this.sdk.LocalVideoStream(cameras[0]));
  });

  private async person(): Promise<Json> {
    const q = $<HTMLInputElement>('call-person').value.trim();
    if (!q) throw new Error('Type the name or email of a person first.');
    const s = odataString(q);
    const page = await this.ws.graph.get(`/users?$filter=${encodeURIComponent(`startswith(displayName,'${s}') or userPrincipalName eq '${s}'`)}&$top=2`);
    const user = (page.value as Json[]).find((u) => u.id !== this.ws.me.id);
    if (!user) throw new Error(`Nobody called ${q} was found.`);
    return user;
  }

  private addParticipant = () => this.run(async () => {
    const user = await this.person();
    this.call.addParticipant({ microsoftTeamsUserId: user.id });
    notify(`Adding ${user.displayName}…`, true);
  });

  private transfer = () => this.run(async () => {
    const user = await this.person();
    this.call.feature(this.sdk.Features.Transfer).transfer({ targetParticipant: { microsoftTeamsUserId: user.id } });
    notify(`Transferring to ${user.displayName}…`, true);
  });
}
