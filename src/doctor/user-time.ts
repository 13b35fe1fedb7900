// Time charged to the user's own code: each sample goes to the deepest frame that is user code,
// so library and C time lands on the user line that called it ("your fetch_price waits in recv").
import type { Profile } from '../profile/model.js';
import { forEachStack } from '../profile/query.js';
import { frameFilePath } from './measure.js';

export interface UserTime {
  frame: number;
  file: string;
  wall: number;
  cpu: number;
  /** Of `wall`, the seconds inside long native calls (0 when the profile cannot tell). */
  native: number;
  /** Of `wall`, the seconds spent importing modules (import machinery below the user frame). */
  importing: number;
  samples: number;
  /** The line of the frame that held most of that time. */
  hotLine: number;
  /** True when the function was seen on the stack under itself. */
  recursive: boolean;
}

export function userTimeByFunction(profile: Profile, isUser: (file: string) => boolean): UserTime[] {
  const files = profile.frames.map((f) => frameFilePath(profile, f.file));
  const userFrame = files.map((f) => isUser(f));
  const importFrame = profile.frames.map((f) => f.file.startsWith('<frozen importlib'));
  const acc = new Map<number, UserTime & { lines: Map<number, number> }>();
  const onStack = new Int32Array(profile.frames.length).fill(-1);
  let stackNo = 0;
  forEachStack(profile, ({ frames, lines, node }) => {
    stackNo++;
    let deepest = -1;
    let recursiveFrame = -1;
    for (let d = 0; d < frames.length; d++) {
      const f = frames[d]!;
      if (onStack[f] === stackNo) recursiveFrame = f;
      onStack[f] = stackNo;
      if (userFrame[f]) deepest = d;
    }
    if (deepest < 0) return;
    const frame = frames[deepest]!;
    let entry = acc.get(frame);
    if (!entry) {
      entry = { frame, file: files[frame]!, wall: 0, cpu: 0, native: 0, importing: 0, samples: 0, hotLine: 0, recursive: false, lines: new Map() };
      acc.set(frame, entry);
    }
    entry.wall += node.selfWall;
    entry.cpu += node.selfCpu;
    entry.native += node.selfNative ?? 0;
    for (let d = deepest + 1; d < frames.length; d++) {
      if (importFrame[frames[d]!]) {
        entry.importing += node.selfWall;
        break;
      }
    }
    entry.samples += node.selfSamples;
    if (recursiveFrame === frame) entry.recursive = true;
    const line = lines[deepest]!;
    entry.lines.set(line, (entry.lines.get(line) ?? 0) + node.selfWall);
  });
  return [...acc.values()]
    .map(({ lines, ...rest }) => {
      let best = 0;
      let hot = 0;
      for (const [line, w] of lines) if (w > best) [best, hot] = [w, line];
      return { ...rest, hotLine: hot };
    })
    .sort((a, b) => b.wall - a.wall);
}
