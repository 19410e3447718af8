/** Camera and microphone: the user's choice of devices and how we open them. */

export interface DeviceChoice {
  /** `''`: the browser's default device. */
  audioDeviceId: string;
  videoDeviceId: string;
  startWithAudioOff: boolean;
  startWithVideoOff: boolean;
}

export const defaultDeviceChoice: DeviceChoice = {
  audioDeviceId: '',
  videoDeviceId: '',
  startWithAudioOff: false,
  startWithVideoOff: false,
};

/** 640x360 is what the media server forwards to every subscriber; more would cost bandwidth for nothing. */
const VIDEO_SIZE = { width: { ideal: 640 }, height: { ideal: 360 } };

function audioConstraint(deviceId: string): MediaTrackConstraints | true {
  return deviceId ? { deviceId: { exact: deviceId } } : true;
}

function videoConstraint(deviceId: string): MediaTrackConstraints {
  return deviceId ? { ...VIDEO_SIZE, deviceId: { exact: deviceId } } : VIDEO_SIZE;
}

export type LocalMediaProblem = 'device.insecure' | 'device.permissionDenied' | 'device.notFound' | 'device.failed';

export class LocalMediaError extends Error {
  constructor(readonly problem: LocalMediaProblem, cause?: unknown) {
    super(problem, { cause });
  }
}

/**
 * Opens camera and microphone with the chosen devices; falls back to the default devices when a chosen one is
 * gone, then to only one of the two, so that a delegate without a camera still speaks (and one without a
 * microphone is still seen).
 */
export async function openLocalMedia(choice: Pick<DeviceChoice, 'audioDeviceId' | 'videoDeviceId'>): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new LocalMediaError('device.insecure');
  const attempts: MediaStreamConstraints[] = [
    { audio: audioConstraint(choice.audioDeviceId), video: videoConstraint(choice.videoDeviceId) },
    { audio: true, video: VIDEO_SIZE },
    { audio: true },
    { video: VIDEO_SIZE },
  ];
  let lastError: unknown;
  for (const constraints of attempts) {
    try {
      return await navigator.mediaDevices.getUserMedia(constraints);
    } catch (error) {
      lastError = error;
      // Refused by the user or the browser: asking again with other constraints would not help.
      if (error instanceof DOMException && (error.name === 'NotAllowedError' || error.name === 'SecurityError')) break;
    }
  }
  const name = lastError instanceof DOMException ? lastError.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') throw new LocalMediaError('device.permissionDenied', lastError);
  if (name === 'NotFoundError' || name === 'OverconstrainedError') throw new LocalMediaError('device.notFound', lastError);
  throw new LocalMediaError('device.failed', lastError);
}

export function stopStream(stream: MediaStream | null | undefined): void {
  stream?.getTracks().forEach((track) => track.stop());
}
