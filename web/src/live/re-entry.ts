/**
 * What this tab remembers about the meeting it is in, so that reloading the page during a meeting goes straight
 * back into the room: the devices chosen at the device check. Nothing secret is kept (the server holds the entry
 * grant for the session); sessionStorage is per tab and cleared when the tab closes.
 */
import type { DeviceChoice } from './local-media';

const key = (slug: string) => `giaoban.reentry.${slug}`;

export function rememberEntry(slug: string, devices: DeviceChoice): void {
  try {
    sessionStorage.setItem(key(slug), JSON.stringify(devices));
  } catch {
    // storage unavailable (private mode): re-entry then goes through the password step
  }
}

export function rememberedEntry(slug: string): DeviceChoice | null {
  try {
    const raw = sessionStorage.getItem(key(slug));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<DeviceChoice>;
    return {
      audioDeviceId: typeof parsed.audioDeviceId === 'string' ? parsed.audioDeviceId : '',
      videoDeviceId: typeof parsed.videoDeviceId === 'string' ? parsed.videoDeviceId : '',
      startWithAudioOff: parsed.startWithAudioOff === true,
      startWithVideoOff: parsed.startWithVideoOff === true,
    };
  } catch {
    return null;
  }
}

export function forgetEntry(slug: string): void {
  try {
    sessionStorage.removeItem(key(slug));
  } catch {
    // nothing to forget
  }
}
