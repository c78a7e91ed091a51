// VideoStreamRenderer: shows a LocalVideoStream or RemoteVideoStream in a <video> element.
// (Remote audio is not played here: the call plays it through its own <audio> element.)

import { CommunicationServicesError, ErrorCodes } from './errors.js';
import type { LocalVideoStream } from './streams.js';
import type { CreateViewOptions, RemoteVideoStream, ScalingMode, StreamSize, VideoStreamRendererView } from './types.js';

const objectFit: Record<ScalingMode, string> = { Stretch: 'fill', Crop: 'cover', Fit: 'contain' };

function checkScalingMode(mode: ScalingMode | undefined): ScalingMode {
  if (mode === undefined) return 'Crop';
  if (mode !== 'Stretch' && mode !== 'Crop' && mode !== 'Fit') {
    throw new CommunicationServicesError(`Unknown scalingMode '${String(mode)}'.`, ErrorCodes.badRequest);
  }
  return mode;
}

class RendererView implements VideoStreamRendererView {
  private mode: ScalingMode;
  private disposed = false;

  constructor(
    readonly target: HTMLVideoElement,
    scalingMode: ScalingMode,
    readonly isMirrored: boolean,
    private readonly onDispose: (view: RendererView) => void,
  ) {
    this.mode = scalingMode;
    this.apply();
  }

  get scalingMode(): ScalingMode {
    return this.mode;
  }

  async updateScalingMode(scalingMode: ScalingMode): Promise<void> {
    this.mode = checkScalingMode(scalingMode);
    this.apply();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.target.pause();
    this.target.srcObject = null;
    this.target.remove();
    this.onDispose(this);
  }

  private apply(): void {
    const style = this.target.style;
    style.width = '100%';
    style.height = '100%';
    style.objectFit = objectFit[this.mode];
    style.transform = this.isMirrored ? 'scaleX(-1)' : '';
  }
}

export class VideoStreamRenderer {
  private readonly views = new Set<RendererView>();
  private disposed = false;

  constructor(private readonly videoStream: LocalVideoStream | RemoteVideoStream) {
    if (!videoStream || typeof (videoStream as { getMediaStream?: unknown }).getMediaStream !== 'function') {
      throw new CommunicationServicesError('VideoStreamRenderer needs a LocalVideoStream or a RemoteVideoStream.', ErrorCodes.badRequest);
    }
  }

  /** The size of the video shown by the first view (0×0 before frames arrive). */
  get size(): StreamSize {
    for (const view of this.views) {
      return { width: view.target.videoWidth, height: view.target.videoHeight };
    }
    return { width: 0, height: 0 };
  }

  /** A `<video autoplay playsinline muted>` view of the stream; put `view.target` into the page. */
  async createView(options?: CreateViewOptions): Promise<VideoStreamRendererView> {
    if (this.disposed) {
      throw new CommunicationServicesError('The VideoStreamRenderer was disposed.', ErrorCodes.badRequest);
    }
    const scalingMode = checkScalingMode(options?.scalingMode);
    const stream = await this.videoStream.getMediaStream();
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    video.muted = true;
    video.setAttribute('playsinline', '');
    video.setAttribute('muted', '');
    video.srcObject = stream;
    const view = new RendererView(video, scalingMode, !!options?.isMirrored, (v) => this.views.delete(v));
    this.views.add(view);
    video.play().catch(() => {
      // Autoplay of a muted video is allowed; a failure here means the element is not attached yet.
    });
    return view;
  }

  dispose(): void {
    this.disposed = true;
    for (const view of [...this.views]) {
      view.dispose();
    }
  }
}
