// The territory file's weight and the picker's work on it (node bench/territory_bench.mjs).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { Territory } from '../pwa/js/territory.js';

const raw = readFileSync(new URL('../pwa/data/territory.json', import.meta.url));
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn, runs) => median(Array.from({ length: runs }, () => { const t = performance.now(); fn(); return performance.now() - t; }));

let land;
const build = time(() => { land = new Territory(JSON.parse(raw)); }, 20);
const typed = ['s', 'sa', 'saint', 'saint cl', 'lavans les st', 'oyo', 'e'];
const search = time(() => typed.forEach((t) => land.search(t, 15)), 200) / typed.length;
const homes = [...land.communes.values()];
const zone = ['39478', '200026573', '01', 'Haut-Jura'];
const covers = time(() => homes.forEach((c) => land.covers(zone, c)), 50) / homes.length;
console.log(`territory.json: ${raw.length} bytes, ${gzipSync(raw, { level: 9 }).length} bytes gzip -9; COG ${land.source.cog}, ${land.communes.size} communes`);
console.log(`parse + index: ${build.toFixed(1)} ms; search as one types: ${(search * 1000).toFixed(0)} µs a keystroke; zone test: ${(covers * 1000).toFixed(2)} µs a commune (medians, node ${process.version})`);
