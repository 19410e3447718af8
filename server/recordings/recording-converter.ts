/**
 * Turns one participant's raw Janus recordings (`.mjr`, one per media line) into one playable `.webm` (R3.6):
 * `janus-pp-rec` extracts each line (Opus → `.opus`, VP8/VP9/AV1 → `.webm`), `ffmpeg` muxes audio and video
 * without re-encoding, the later stream shifted by the difference of the first packets' times so that lips
 * and voice stay together, and `ffprobe` measures the result. Audio-only (or video-only) when the other line
 * carried no packet (a delegate never given the floor stays muted in Janus, so nothing of theirs is heard).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { parseJanusFileName } from './janus-files';

const run = promisify(execFile);

export interface RecordingConverter {
  /**
   * Makes `output` from the `.mjr` files `sources` (absolute paths); resolves with the playable file's duration.
   * Rejects with a readable reason; an aborted `signal` stops the tools it runs.
   */
  convert(sources: string[], output: string, signal?: AbortSignal): Promise<{ durationMs: number }>;
}

export interface ConverterTools {
  janusPpRec: string;
  ffmpeg: string;
  ffprobe: string;
  /** One tool run may take this long (a long meeting's video is copied, never re-encoded). */
  toolTimeoutMs: number;
}

/** The `.mjr` header that `janus-pp-rec -j` prints: media kind, codec, and first-packet time (µs). */
const mjrHeader = z.object({ t: z.enum(['a', 'v', 'd']), c: z.string(), s: z.number().optional(), u: z.number().optional() });

const videoCodecs = new Set(['vp8', 'vp9', 'av1']);

interface Track {
  kind: 'audio' | 'video';
  file: string;
  /** When its first packet was written (µs, Janus's clock). */
  firstPacketUs: number;
}

export class JanusFfmpegConverter implements RecordingConverter {
  private readonly tools: ConverterTools;

  constructor(tools: Partial<ConverterTools> = {}) {
    this.tools = { janusPpRec: 'janus-pp-rec', ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', toolTimeoutMs: 30 * 60_000, ...tools };
  }

  async convert(sources: string[], output: string, signal?: AbortSignal): Promise<{ durationMs: number }> {
    const work = fs.mkdtempSync(`${output}.work-`);
    try {
      const tracks: Track[] = [];
      for (const [i, source] of sources.entries()) {
        const track = await this.extract(source, path.join(work, String(i)), signal);
        if (track) tracks.push(track);
      }
      const audio = tracks.find((t) => t.kind === 'audio');
      const video = tracks.find((t) => t.kind === 'video');
      if (!audio && !video) throw new Error('no audio or video packet was recorded');
      const start = Math.min(...[audio, video].filter((t) => t !== undefined).map((t) => t.firstPacketUs));
      const inputs = [video, audio].filter((t) => t !== undefined);
      const args = ['-hide_banner', '-v', 'error', '-y'];
      for (const t of inputs) args.push('-itsoffset', ((t.firstPacketUs - start) / 1e6).toFixed(3), '-i', t.file);
      inputs.forEach((t, i) => args.push('-map', `${i}:${t.kind === 'video' ? 'v' : 'a'}:0`));
      const part = path.join(work, 'muxed.webm');
      args.push('-c', 'copy', '-f', 'webm', part);
      await this.tool(this.tools.ffmpeg, args, signal);
      const durationMs = await this.duration(part, signal);
      fs.renameSync(part, output);
      return { durationMs };
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }

  /** One media line out of its `.mjr`; null when it carried no packet (janus-pp-rec then writes nothing). */
  private async extract(source: string, base: string, signal?: AbortSignal): Promise<Track | null> {
    const named = parseJanusFileName(path.basename(source));
    if (!fs.existsSync(source)) throw new Error(`missing source ${path.basename(source)}`);
    if (fs.statSync(source).size <= 8) return null; // only Janus's magic: the recorder never saw a packet
    const { stdout } = await this.tool(this.tools.janusPpRec, ['-j', source], signal);
    const header = mjrHeader.safeParse(JSON.parse(stdout.trim().split('\n').pop() || '{}'));
    if (!header.success) throw new Error(`unreadable header in ${path.basename(source)}`);
    const { t, c, u, s } = header.data;
    if (t === 'd' || named?.kind === 'data') return null;
    const kind = t === 'a' ? 'audio' : 'video';
    if (kind === 'audio' && c !== 'opus') throw new Error(`unsupported audio codec ${c}`);
    if (kind === 'video' && !videoCodecs.has(c)) throw new Error(`unsupported video codec ${c}`);
    const file = `${base}.${kind === 'audio' ? 'opus' : 'webm'}`;
    await this.tool(this.tools.janusPpRec, [source, file], signal);
    if (!fs.existsSync(file) || fs.statSync(file).size === 0) return null;
    return { kind, file, firstPacketUs: u ?? s ?? 0 };
  }

  private async duration(file: string, signal?: AbortSignal): Promise<number> {
    const { stdout } = await this.tool(this.tools.ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=noprint_wrappers=1:nokey=1', file], signal);
    const seconds = Number.parseFloat(stdout.trim());
    if (!Number.isFinite(seconds) || seconds <= 0) throw new Error('ffprobe found no playable duration');
    return Math.round(seconds * 1000);
  }

  private async tool(binary: string, args: string[], signal?: AbortSignal): Promise<{ stdout: string; stderr: string }> {
    try {
      return await run(binary, args, { timeout: this.tools.toolTimeoutMs, maxBuffer: 16 * 1024 * 1024, signal, env: { ...process.env, LC_ALL: 'C' } });
    } catch (err) {
      if (signal?.aborted) throw signal.reason ?? err;
      const e = err as Error & { stderr?: string; code?: string | number };
      // The tool's own last words say most; colour codes and blank lines removed.
      const said = (e.stderr ?? '').replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((l) => l.trim()).filter(Boolean).slice(-3).join(' / ');
      throw new Error(`${path.basename(binary)} failed${e.code !== undefined ? ` (${e.code})` : ''}${said ? `: ${said}` : ''}`);
    }
  }
}
