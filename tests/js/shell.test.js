// The service worker's precache list must name every file of the app shell, and the shell
// must stay small (issue 3: at most 100 KB compressed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PWA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../pwa');

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

function precacheList() {
  const sw = readFileSync(path.join(PWA, 'sw.js'), 'utf8');
  const block = sw.match(/const SHELL = \[([\s\S]*?)\];/)[1];
  return [...block.matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

const shellFiles = () => walk(PWA)
  .map((f) => `/${path.relative(PWA, f).split(path.sep).join('/')}`)
  .filter((u) => /\.(js|json|css|png|webmanifest)$/.test(u) && u !== '/sw.js');

test('every shell file is precached, and every precached file exists', () => {
  const listed = precacheList();
  const files = shellFiles();
  for (const f of files) assert.ok(listed.includes(f), `${f} is missing from SHELL in sw.js`);
  for (const u of listed) if (u !== '/') assert.ok(files.includes(u), `${u} is precached but does not exist`);
  assert.ok(listed.includes('/'), 'the shell page itself is precached');
});

test('every module import points to an existing file', () => {
  for (const f of walk(path.join(PWA, 'js'))) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/^import .* from '([^']+)';$/gm)) {
      const target = path.resolve(path.dirname(f), m[1]);
      assert.ok(statSync(target, { throwIfNoEntry: false }), `${path.relative(PWA, f)} imports missing ${m[1]}`);
    }
  }
});

// The modules app.js reaches through static imports: what every device loads at start.
function staticClosure(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/^import .* from '([^']+)';$/gm)) visit(path.resolve(path.dirname(file), m[1]));
  };
  visit(entry);
  return [...seen].map((f) => path.relative(PWA, f).split(path.sep).join('/'));
}

const gzSize = (files) => files.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(PWA, f)), { level: 9 }).length, 0);

// The budget is split: the shell a device starts with (at most 100 KB gzip, issue 3) and the
// screens loaded when first opened, each at most 16 KB gzip; everything precached (what a first
// install downloads on a slow line) stays under 200 KB gzip.
test('the app shell weighs at most 100 KB gzip-compressed, each lazily loaded screen 16 KB', () => {
  const core = staticClosure(path.join(PWA, 'js/app.js'));
  const files = ['index.html', 'sw.js', 'manifest.webmanifest', 'css/app.css', ...core];
  const lazy = shellFiles().filter((u) => u.endsWith('.js')).map((u) => u.slice(1)).filter((f) => !core.includes(f));
  const total = gzSize(files);
  const later = gzSize(lazy);
  assert.ok(total <= 100 * 1024, `shell is ${total} bytes compressed`);
  const heavy = lazy.filter((f) => gzSize([f]) > 16 * 1024);
  assert.deepEqual(heavy, [], 'a lazily loaded module weighs more than 16 KB gzip: split it');
  assert.ok(total + later <= 200 * 1024, `everything precached is ${total + later} bytes compressed`);
  assert.ok(lazy.includes('js/views/dashboard.js') && !core.includes('js/views/dashboard.js'), 'the dashboard loads when opened');
  console.log(`# app shell (HTML, CSS, JS, manifest, sw): ${(total / 1024).toFixed(1)} KB gzip, ${files.length} files; screens loaded later: ${(later / 1024).toFixed(1)} KB gzip, ${lazy.length} files`);
});

test('the manifest is complete', () => {
  const m = JSON.parse(readFileSync(path.join(PWA, 'manifest.webmanifest'), 'utf8'));
  for (const k of ['name', 'short_name', 'start_url', 'scope', 'display', 'theme_color', 'background_color', 'lang', 'icons']) assert.ok(m[k], k);
  assert.equal(m.display, 'standalone');
  assert.equal(m.lang, 'fr');
  const sizes = (purpose) => m.icons.filter((i) => i.purpose === purpose).map((i) => i.sizes);
  assert.deepEqual(sizes('any'), ['192x192', '512x512']);
  assert.deepEqual(sizes('maskable'), ['192x192', '512x512']);
  for (const icon of m.icons) {
    const png = readFileSync(path.join(PWA, icon.src));
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    assert.equal(`${w}x${h}`, icon.sizes, icon.src);
  }
});
