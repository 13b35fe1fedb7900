// What a timing depends on besides the code: recorded in every result and baseline.
import { cpus, platform, arch, totalmem } from 'node:os';
import { HOTSPY_VERSION } from '../version.js';
import { resolvePython } from './python.js';
import type { Environment, MachineInfo } from './types.js';

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    platform: platform(),
    arch: arch(),
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cpus: list.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
  };
}

export function currentEnvironment(): Environment {
  const python = resolvePython();
  return {
    machine: machineInfo(),
    python: { version: python.version, implementation: python.implementation, executable: python.executable },
    hotspy: HOTSPY_VERSION,
  };
}
