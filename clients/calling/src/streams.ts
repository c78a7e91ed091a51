// Local streams (camera, screen share, microphone) and remote streams (video by purpose, call audio).

import { ErrorCodes, CommunicationServicesError, notSupported, toServicesError } from './errors.js';
import { Emitter, type AnyListener, type PropertyChangedEvent } from './events.js';
import type {
  AudioDeviceInfo,
  AudioSourceChangedEvent,
  MediaStreamType,
  RemoteAudioStream,
  RemoteVideoStream,
  StreamSize,
  VideoDeviceInfo,
  VideoSourceChangedEvent,
  Volume,
} from './types.js';

export interface LocalVideoStreamOptions {
  /** Accepted for compatibility; Switchboard never disposes a stream the application created. */
  autoDisposeOnCallEnd?: boolean;
}

export interface LocalAudioStreamOptions {
  autoDisposeOnCallEnd?: boolean;
}

/** Internal: a call that sends a LocalVideoStream and must follow its source changes. */
export interface LocalVideoStreamUser {
  localVideoTrackChanged(stream: LocalVideoStream, track: MediaStreamTrack | null): void;
}

function isMediaStream(value: unknown): value is MediaStream {
  return typeof MediaStream !== 'undefined' && value instanceof MediaStream;
}

function userMedia(): MediaDevices {
  if (typeof navigator === 'undefined' || !navigator.mediaDevices) {
    throw new CommunicationServicesError('navigator.mediaDevices is not available (a secure context is needed).', ErrorCodes.notSupported);
  }
  return navigator.mediaDevices;
}

function describeStream(stream: MediaStream, deviceType: VideoDeviceInfo['deviceType']): VideoDeviceInfo {
  const track = stream.getVideoTracks()[0];
  return { id: track?.getSettings().deviceId ?? stream.id, name: track?.label ?? 'MediaStream', deviceType };
}

let constructingScreenShare = false;

/** @internal A LocalVideoStream of type ScreenSharing over a display-capture stream (made by the call). */
export function createScreenShareStream(stream: MediaStream, ownTrack: boolean): LocalVideoStream {
  constructingScreenShare = true;
  try {
    const local = new LocalVideoStream(stream);
    if (ownTrack) {
      stream.getTracks().forEach((t) => local.adoptTrack(t));
    }
    return local;
  } finally {
    constructingScreenShare = false;
  }
}

/** A camera (VideoDeviceInfo), any video MediaStream, or (made by the call) a screen share. */
export class LocalVideoStream {
  private sourceInfo: VideoDeviceInfo;
  private readonly type: MediaStreamType;
  private readonly emitter = new Emitter();
  private readonly users = new Set<LocalVideoStreamUser>();
  private stream?: MediaStream;
  private opening?: Promise<MediaStream>;
  /** Tracks this object opened itself (and so stops); tracks of an application's MediaStream are left alone. */
  private readonly ownTracks = new Set<MediaStreamTrack>();
  private disposed = false;

  constructor(source: VideoDeviceInfo | MediaStream, options?: LocalVideoStreamOptions) {
    if (!source) {
      throw new CommunicationServicesError('LocalVideoStream needs a VideoDeviceInfo or a MediaStream.', ErrorCodes.badRequest);
    }
    const screen = constructingScreenShare;
    this.type = screen ? 'ScreenSharing' : 'Video';
    if (isMediaStream(source)) {
      this.stream = source;
      this.sourceInfo = describeStream(source, screen ? 'ScreenSharing' : 'Unknown');
    } else {
      if (typeof source.id !== 'string') {
        throw new CommunicationServicesError('LocalVideoStream needs a VideoDeviceInfo with an id.', ErrorCodes.badRequest);
      }
      this.sourceInfo = source;
    }
  }

  get source(): VideoDeviceInfo {
    return this.sourceInfo;
  }

  get mediaStreamType(): MediaStreamType {
    return this.type;
  }

  /** The stream (opened on first use for a camera). The same MediaStream object survives `switchSource`. */
  async getMediaStream(): Promise<MediaStream> {
    this.throwIfDisposed();
    if (this.stream) {
      return this.stream;
    }
    if (!this.opening) {
      this.opening = this.openCamera(this.sourceInfo)
        .then((track) => {
          const stream = new MediaStream([track]);
          if (this.disposed) {
            track.stop();
          } else {
            this.stream = stream;
          }
          return stream;
        })
        .finally(() => {
          this.opening = undefined;
        });
    }
    return this.opening;
  }

  /** Replaces the source with an application's MediaStream. */
  async setMediaStream(source: MediaStream): Promise<void> {
    this.throwIfDisposed();
    if (!isMediaStream(source)) {
      throw new CommunicationServicesError('setMediaStream needs a MediaStream.', ErrorCodes.badRequest);
    }
    const track = source.getVideoTracks()[0];
    if (!track) {
      throw new CommunicationServicesError('The MediaStream has no video track.', ErrorCodes.badRequest);
    }
    this.sourceInfo = describeStream(source, this.type === 'ScreenSharing' ? 'ScreenSharing' : 'Unknown');
    this.replaceTrack(track);
  }

  /** Switches to another camera; calls sending this stream switch with it. */
  async switchSource(source: VideoDeviceInfo | MediaStream): Promise<void> {
    this.throwIfDisposed();
    if (isMediaStream(source)) {
      return this.setMediaStream(source);
    }
    if (!source || typeof source.id !== 'string') {
      throw new CommunicationServicesError('switchSource needs a VideoDeviceInfo.', ErrorCodes.badRequest);
    }
    if (!this.stream && !this.opening) {
      this.sourceInfo = source;
      this.emitter.emit('videoSourceChanged', { source: this });
      return;
    }
    const track = await this.openCamera(source);
    if (this.disposed) {
      track.stop();
      return;
    }
    this.sourceInfo = source;
    this.replaceTrack(track);
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    for (const track of this.ownTracks) {
      track.stop();
    }
    this.ownTracks.clear();
    for (const user of this.users) {
      user.localVideoTrackChanged(this, null);
    }
    this.users.clear();
    this.emitter.clear();
  }

  feature(_factory: unknown): never {
    throw notSupported('Video stream features (video effects)');
  }

  on(event: 'videoSourceChanged', listener: VideoSourceChangedEvent): void;
  on(event: string, listener: AnyListener): void {
    this.emitter.on(event, listener);
  }

  off(event: 'videoSourceChanged', listener: VideoSourceChangedEvent): void;
  off(event: string, listener: AnyListener): void {
    this.emitter.off(event, listener);
  }

  /** @internal The current video track (opening the camera if needed). */
  async videoTrack(): Promise<MediaStreamTrack> {
    const stream = await this.getMediaStream();
    const track = stream.getVideoTracks()[0];
    if (!track) {
      throw new CommunicationServicesError('The LocalVideoStream has no video track.', ErrorCodes.badRequest);
    }
    return track;
  }

  /** @internal */
  attach(user: LocalVideoStreamUser): void {
    this.users.add(user);
  }

  /** @internal */
  detach(user: LocalVideoStreamUser): void {
    this.users.delete(user);
  }

  /** @internal Stops the tracks this object opened (screen shares the call opened). */
  stopOwnTracks(): void {
    for (const track of this.ownTracks) {
      track.stop();
    }
  }

  /** @internal Marks a track as opened by the library (so it is stopped on dispose). */
  adoptTrack(track: MediaStreamTrack): void {
    this.ownTracks.add(track);
  }

  /** @internal */
  get isDisposed(): boolean {
    return this.disposed;
  }

  private async openCamera(device: VideoDeviceInfo): Promise<MediaStreamTrack> {
    try {
      const stream = await userMedia().getUserMedia({ video: device.id ? { deviceId: { exact: device.id } } : true, audio: false });
      const track = stream.getVideoTracks()[0]!;
      this.ownTracks.add(track);
      return track;
    } catch (error) {
      throw toServicesError(error, ErrorCodes.forbidden);
    }
  }

  private replaceTrack(track: MediaStreamTrack): void {
    if (!this.stream) {
      this.stream = new MediaStream([track]);
    } else {
      for (const old of this.stream.getVideoTracks()) {
        if (old !== track) {
          this.stream.removeTrack(old);
          if (this.ownTracks.delete(old)) {
            old.stop();
          }
        }
      }
      if (!this.stream.getVideoTracks().includes(track)) {
        this.stream.addTrack(track);
      }
    }
    for (const user of this.users) {
      user.localVideoTrackChanged(this, track);
    }
    this.emitter.emit('videoSourceChanged', { source: this });
  }

  private throwIfDisposed(): void {
    if (this.disposed) {
      throw new CommunicationServicesError('The LocalVideoStream was disposed.', ErrorCodes.badRequest);
    }
  }
}

/** A microphone (AudioDeviceInfo) or any audio MediaStream; pass it in `audioOptions.localAudioStreams` to send it. */
export class LocalAudioStream {
  private sourceInfo: AudioDeviceInfo;
  private readonly emitter = new Emitter();
  private stream?: MediaStream;
  private readonly ownTracks = new Set<MediaStreamTrack>();
  private disposed = false;

  constructor(source: AudioDeviceInfo | MediaStream, options?: LocalAudioStreamOptions) {
    if (!source) {
      throw new CommunicationServicesError('LocalAudioStream needs an AudioDeviceInfo or a MediaStream.', ErrorCodes.badRequest);
    }
    if (isMediaStream(source)) {
      this.stream = source;
      const track = source.getAudioTracks()[0];
      this.sourceInfo = { id: source.id, name: track?.label ?? 'MediaStream', isSystemDefault: false, deviceType: 'Virtual' };
    } else {
      this.sourceInfo = source;
    }
  }

  get source(): AudioDeviceInfo {
    return this.sourceInfo;
  }

  get mediaStreamType(): MediaStreamType {
    return 'Audio';
  }

  async getMediaStream(): Promise<MediaStream> {
    if (this.disposed) {
      throw new CommunicationServicesError('The LocalAudioStream was disposed.', ErrorCodes.badRequest);
    }
    if (!this.stream) {
      const id = this.sourceInfo.id;
      try {
        this.stream = await userMedia().getUserMedia({ audio: id && id !== 'default' ? { deviceId: { exact: id } } : true, video: false });
      } catch (error) {
        throw toServicesError(error, ErrorCodes.forbidden);
      }
      this.stream.getTracks().forEach((t) => this.ownTracks.add(t));
    }
    return this.stream;
  }

  async setMediaStream(source: MediaStream): Promise<void> {
    if (!isMediaStream(source)) {
      throw new CommunicationServicesError('setMediaStream needs a MediaStream.', ErrorCodes.badRequest);
    }
    this.stopOwn();
    this.stream = source;
    this.emitter.emit('audioSourceChanged', { source: this });
  }

  async switchSource(source: AudioDeviceInfo): Promise<void> {
    this.stopOwn();
    this.stream = undefined;
    this.sourceInfo = source;
    this.emitter.emit('audioSourceChanged', { source: this });
  }

  async getVolume(): Promise<Volume> {
    throw notSupported('LocalAudioStream.getVolume');
  }

  feature(_factory: unknown): never {
    throw notSupported('Audio stream features (audio effects)');
  }

  dispose(): void {
    this.disposed = true;
    this.stopOwn();
    this.emitter.clear();
  }

  on(event: 'audioSourceChanged', listener: AudioSourceChangedEvent): void;
  on(event: string, listener: AnyListener): void {
    this.emitter.on(event, listener);
  }

  off(event: 'audioSourceChanged', listener: AudioSourceChangedEvent): void;
  off(event: string, listener: AnyListener): void {
    this.emitter.off(event, listener);
  }

  private stopOwn(): void {
    for (const track of this.ownTracks) {
      track.stop();
    }
    this.ownTracks.clear();
  }
}

let nextRemoteStreamId = 1;

/** A remote participant's video stream of one purpose (camera or screen share); the object lives as long as the participant. */
export class RemoteVideoStreamImpl implements RemoteVideoStream {
  readonly id = nextRemoteStreamId++;
  private readonly emitter = new Emitter();
  private available = false;
  private receiving = false;
  private sizeValue: StreamSize = { width: 0, height: 0 };
  private track: MediaStreamTrack | null = null;
  private stream?: MediaStream;
  private waiters: Array<() => void> = [];
  /** The mid of the transceiver carrying it (from the peer's `media.state`). */
  mid: string | null = null;
  /** The link (RTCPeerConnection) carrying it. */
  link: string | null = null;

  constructor(
    /** The peer's id for the stream (`streams[].id` on the wire). */
    readonly wireId: number,
    readonly mediaStreamType: MediaStreamType,
  ) {}

  get isAvailable(): boolean {
    return this.available;
  }

  get isReceiving(): boolean {
    return this.receiving;
  }

  get size(): StreamSize {
    return this.sizeValue;
  }

  /** The remote track in a MediaStream (the same object for the stream's lifetime; waits briefly for the track). */
  async getMediaStream(): Promise<MediaStream> {
    if (!this.track) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5_000);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.mediaStream();
  }

  on(event: 'isAvailableChanged' | 'isReceivingChanged' | 'sizeChanged', listener: PropertyChangedEvent): void {
    this.emitter.on(event, listener);
  }

  off(event: 'isAvailableChanged' | 'isReceivingChanged' | 'sizeChanged', listener: PropertyChangedEvent): void {
    this.emitter.off(event, listener);
  }

  /** Internal. */
  get currentTrack(): MediaStreamTrack | null {
    return this.track;
  }

  /** Internal. */
  setAvailable(value: boolean): void {
    if (this.available !== value) {
      this.available = value;
      this.emitter.changed('isAvailable');
    }
    if (!value) {
      this.setReceiving(false);
    }
  }

  /** Internal. */
  setReceiving(value: boolean): void {
    if (this.receiving !== value) {
      this.receiving = value;
      this.emitter.changed('isReceiving');
    }
  }

  /** Internal. */
  setSize(width: number, height: number): void {
    if (width > 0 && height > 0 && (width !== this.sizeValue.width || height !== this.sizeValue.height)) {
      this.sizeValue = { width, height };
      this.emitter.changed('size');
    }
  }

  /** Internal: the receiver track now carrying this stream. */
  setTrack(track: MediaStreamTrack | null): void {
    if (track === this.track) {
      return;
    }
    this.track = track;
    const stream = this.stream;
    if (stream) {
      for (const old of stream.getTracks()) {
        if (old !== track) stream.removeTrack(old);
      }
      if (track && !stream.getTracks().includes(track)) stream.addTrack(track);
    }
    if (track) {
      const waiters = this.waiters;
      this.waiters = [];
      waiters.forEach((w) => w());
    }
  }

  dispose(): void {
    this.setAvailable(false);
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
    this.emitter.clear();
  }

  private mediaStream(): MediaStream {
    if (!this.stream) {
      this.stream = new MediaStream(this.track ? [this.track] : []);
    }
    return this.stream;
  }
}

export class VolumeImpl implements Volume {
  private readonly emitter = new Emitter();
  private value = 0;

  get level(): number {
    return this.value;
  }

  /** Internal: `audioLevel` (0–1) from the stats. */
  set(audioLevel: number): void {
    const level = Math.max(0, Math.min(100, Math.round(audioLevel * 100)));
    if (level !== this.value) {
      this.value = level;
      this.emitter.changed('level');
    }
  }

  on(event: 'levelChanged', listener: PropertyChangedEvent): void {
    this.emitter.on(event, listener);
  }

  off(event: 'levelChanged', listener: PropertyChangedEvent): void {
    this.emitter.off(event, listener);
  }
}

/** The call's received audio (all remote audio tracks), which the library plays itself. */
export class RemoteAudioStreamImpl implements RemoteAudioStream {
  readonly volume = new VolumeImpl();

  constructor(readonly stream: MediaStream) {}

  async getMediaStream(): Promise<MediaStream> {
    return this.stream;
  }

  async getVolume(): Promise<Volume> {
    return this.volume;
  }
}
