// DeviceManager over navigator.mediaDevices: enumerateDevices, getUserMedia (permissions) and the
// audio output sink (setSinkId).

import { ErrorCodes, toServicesError } from './errors.js';
import { Emitter, type AnyListener } from './events.js';
import type { Logger } from './logger.js';
import type { AudioDeviceInfo, DeviceAccess, DeviceManager, PermissionConstraints, VideoDeviceInfo } from './types.js';

function mediaDevices(): MediaDevices {
  if (typeof navigator === 'undefined' || !navigator.mediaDevices) {
    throw toServicesError(new Error('navigator.mediaDevices is not available (a secure context is needed: https or localhost).'), ErrorCodes.notSupported);
  }
  return navigator.mediaDevices;
}

function sameDevices<T extends { id: string; name: string }>(a: readonly T[], b: readonly T[]): { added: T[]; removed: T[] } {
  const key = (d: T) => `${d.id}\u0000${d.name}`;
  const before = new Set(a.map(key));
  const after = new Set(b.map(key));
  return { added: b.filter((d) => !before.has(key(d))), removed: a.filter((d) => !after.has(key(d))) };
}

export class DeviceManagerImpl implements DeviceManager {
  private readonly emitter: Emitter;
  private cameras: VideoDeviceInfo[] = [];
  private microphones: AudioDeviceInfo[] = [];
  private speakers: AudioDeviceInfo[] = [];
  private selectedMic?: AudioDeviceInfo;
  private selectedOut?: AudioDeviceInfo;
  private readonly onDeviceChange = () => void this.refresh().catch((e) => this.logger.warning('Device refresh failed', e));
  private watching = false;

  constructor(private readonly logger: Logger) {
    this.emitter = new Emitter(logger);
  }

  get isSpeakerSelectionAvailable(): boolean {
    return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
  }

  get selectedMicrophone(): AudioDeviceInfo | undefined {
    return this.selectedMic;
  }

  get selectedSpeaker(): AudioDeviceInfo | undefined {
    return this.selectedOut;
  }

  async getCameras(): Promise<VideoDeviceInfo[]> {
    await this.ensureLabels('videoinput');
    return [...this.cameras];
  }

  async getMicrophones(): Promise<AudioDeviceInfo[]> {
    await this.ensureLabels('audioinput');
    return [...this.microphones];
  }

  async getSpeakers(): Promise<AudioDeviceInfo[]> {
    await this.ensureLabels('audiooutput');
    return [...this.speakers];
  }

  async selectMicrophone(microphoneDevice: AudioDeviceInfo): Promise<void> {
    if (!microphoneDevice || typeof microphoneDevice.id !== 'string') {
      throw toServicesError(new TypeError('selectMicrophone needs an AudioDeviceInfo.'), ErrorCodes.badRequest);
    }
    if (this.selectedMic?.id === microphoneDevice.id) {
      return;
    }
    this.selectedMic = microphoneDevice;
    this.emitter.changed('selectedMicrophone');
  }

  async selectSpeaker(speakerDevice: AudioDeviceInfo): Promise<void> {
    if (!speakerDevice || typeof speakerDevice.id !== 'string') {
      throw toServicesError(new TypeError('selectSpeaker needs an AudioDeviceInfo.'), ErrorCodes.badRequest);
    }
    if (!this.isSpeakerSelectionAvailable) {
      throw toServicesError(new Error('This browser cannot choose the audio output device.'), ErrorCodes.notSupported);
    }
    if (this.selectedOut?.id === speakerDevice.id) {
      return;
    }
    this.selectedOut = speakerDevice;
    this.emitter.changed('selectedSpeaker');
  }

  async askDevicePermission(permissionConstraints: PermissionConstraints): Promise<DeviceAccess> {
    const wantAudio = !!permissionConstraints?.audio;
    const wantVideo = !!permissionConstraints?.video;
    const access: DeviceAccess = { audio: false, video: false };
    if (!wantAudio && !wantVideo) {
      return access;
    }
    const tryGet = async (constraints: MediaStreamConstraints): Promise<boolean> => {
      try {
        const stream = await mediaDevices().getUserMedia(constraints);
        stream.getTracks().forEach((t) => t.stop());
        return true;
      } catch (error) {
        this.logger.info('Device permission not granted', constraints, error);
        return false;
      }
    };
    if (wantAudio && wantVideo && (await tryGet({ audio: true, video: true }))) {
      access.audio = true;
      access.video = true;
    } else {
      if (wantAudio) access.audio = await tryGet({ audio: true });
      if (wantVideo) access.video = await tryGet({ video: true });
    }
    await this.refresh();
    return access;
  }

  async startPreheatDevices(): Promise<void> {}

  stopPreheatDevices(): void {}

  on(event: string, listener: AnyListener): void {
    this.watch();
    this.emitter.on(event, listener);
  }

  off(event: string, listener: AnyListener): void {
    this.emitter.off(event, listener);
  }

  /** Constraints for the microphone to open (the selected one, else the default). */
  microphoneConstraints(): MediaTrackConstraints | true {
    const id = this.selectedMic?.id;
    return id && id !== 'default' ? { deviceId: { exact: id } } : true;
  }

  /** Internal: listens to `selectedMicrophoneChanged` / `selectedSpeakerChanged` for the calls. */
  onInternal(event: 'selectedMicrophoneChanged' | 'selectedSpeakerChanged', listener: () => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  dispose(): void {
    if (this.watching) {
      mediaDevices().removeEventListener('devicechange', this.onDeviceChange);
      this.watching = false;
    }
    this.emitter.clear();
  }

  // -------------------------------------------------------------------------------------------

  private watch(): void {
    if (!this.watching && typeof navigator !== 'undefined' && navigator.mediaDevices) {
      navigator.mediaDevices.addEventListener('devicechange', this.onDeviceChange);
      this.watching = true;
    }
  }

  /**
   * Without a permission browsers list devices with empty ids and names; then the permission of that
   * kind is asked first (as the user would have to for a call anyway). Speakers need no prompt of their own.
   */
  private async ensureLabels(kind: MediaDeviceKind): Promise<void> {
    this.watch();
    let devices = await this.enumerate();
    const ofKind = devices.filter((d) => d.kind === kind);
    const unlabeled = ofKind.length > 0 && ofKind.some((d) => !d.deviceId || !d.label);
    if (unlabeled && kind !== 'audiooutput') {
      try {
        const stream = await mediaDevices().getUserMedia(kind === 'videoinput' ? { video: true } : { audio: true });
        stream.getTracks().forEach((t) => t.stop());
        devices = await this.enumerate();
      } catch (error) {
        this.logger.info(`No permission for ${kind}; device names stay empty`, error);
      }
    }
    this.apply(devices);
  }

  private async enumerate(): Promise<MediaDeviceInfo[]> {
    try {
      return await mediaDevices().enumerateDevices();
    } catch (error) {
      throw toServicesError(error);
    }
  }

  private async refresh(): Promise<void> {
    this.apply(await this.enumerate());
  }

  private apply(devices: MediaDeviceInfo[]): void {
    const cameras: VideoDeviceInfo[] = devices
      .filter((d) => d.kind === 'videoinput' && d.deviceId)
      .map((d, i) => ({ id: d.deviceId, name: d.label || `Camera ${i + 1}`, deviceType: 'UsbCamera' as const }));
    const audio = (kind: MediaDeviceKind, type: 'Microphone' | 'Speaker'): AudioDeviceInfo[] =>
      devices
        .filter((d) => d.kind === kind && d.deviceId)
        .map((d, i) => ({ id: d.deviceId, name: d.label || `${type} ${i + 1}`, isSystemDefault: d.deviceId === 'default', deviceType: type }));
    const microphones = audio('audioinput', 'Microphone');
    const speakers = audio('audiooutput', 'Speaker');

    const video = sameDevices(this.cameras, cameras);
    const mics = sameDevices(this.microphones, microphones);
    const outs = sameDevices(this.speakers, speakers);
    const first = this.cameras.length === 0 && this.microphones.length === 0 && this.speakers.length === 0;
    this.cameras = cameras;
    this.microphones = microphones;
    this.speakers = speakers;
    if (!this.selectedMic) {
      this.selectedMic = microphones.find((d) => d.isSystemDefault) ?? microphones[0];
    }
    if (!this.selectedOut && this.isSpeakerSelectionAvailable) {
      this.selectedOut = speakers.find((d) => d.isSystemDefault) ?? speakers[0];
    }
    if (first) {
      return;
    }
    this.emitter.updated('videoDevices', video.added, video.removed);
    this.emitter.updated('audioDevices', [...mics.added, ...outs.added], [...mics.removed, ...outs.removed]);
  }
}
