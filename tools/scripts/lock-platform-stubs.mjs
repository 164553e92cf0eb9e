#!/usr/bin/env node
// The registry reachable from our machines serves only the Linux builds of some packages'
// per-platform binaries (for example @unrs/resolver-binding-*, pulled in by jest-resolve).
// npm then leaves the other platforms out of package-lock.json, and `npm ci` refuses the
// lock as out of sync. This adds a stub entry, with its os/cpu, for each optional
// dependency the lock lacks, so `npm ci` sees it and skips it as not for this platform.
// Run it after every `npm install` that changes the lock (see DEVELOPMENT.md).
import { readFileSync, writeFileSync } from 'node:fs';

const OSES = [
  'android',
  'darwin',
  'freebsd',
  'linux',
  'win32',
  'openharmony',
  'sunos',
  'aix',
  'netbsd',
  'openbsd',
];
const CPUS = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', 'wasm32'];

const lockPath = new URL('../../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;
let added = 0;

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OSES.includes(p));
  const cpu = parts.find((p) => CPUS.includes(p));
  return { os, cpu };
}

for (const [path, entry] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ''}node_modules/${dep}`;
    if (packages[nested] || packages[`node_modules/${dep}`]) continue;
    const { os, cpu } = platformOf(dep);
    if (!os && !cpu) continue; // not a per-platform binary: leave it to npm
    const stub = { version, optional: true };
    if (entry.dev) stub.dev = true;
    if (cpu) stub.cpu = [cpu];
    if (os) stub.os = [os];
    packages[`node_modules/${dep}`] = stub;
    added += 1;
  }
}

lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-platform-stubs: ${added} stub(s) added`);
