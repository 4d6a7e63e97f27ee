// The fixtures the later stages' screens share, made through the public
// API with the demo's admin key, as a shop and a warehouse would (the Go
// tests' internal/flowtest does the same): plain products in stock, a
// cash-on-delivery order to the US released to its warehouse, its
// fulfilment picked, packed, booked and staged, and the day's parcels
// handed to the driver. Each step asserts that it got where it should.
import assert from 'node:assert/strict';
import { api } from './rig.mjs';

export const grace = { name: 'Grace Hopper', email: 'grace@example.com', phone: '+1 650-253-0000' };
export const mountainView = { line1: '1600 Amphitheatre Pkwy', city: 'Mountain View', region: 'CA', postal_code: '94043', country: 'US' };

// The carton every test parcel is closed in, put into the warehouse's catalogue.
const carton = { inner_mm: [600, 500, 400], outer_mm: [615, 515, 415], tare_g: 600, max_weight_g: 30000, cost_minor: 150,
  material: 'corrugated', on_hand: 100, active: true };
const cartonCode = 'BROWSER-L';

export const fulfilmentOf = async (orderID) => (await api('GET', `/v1/fulfilments?order_id=${orderID}`)).items;

// plainProducts are n products with stock that need no second scan and no
// packing of their own (not valuable, liquid or hazmat).
export async function plainProducts(n) {
  const balances = (await api('GET', '/v1/stock/balances?limit=200')).items.filter((b) => b.available >= 5);
  const products = [];
  for (const sku of new Set(balances.map((b) => b.sku))) {
    const [p] = (await api('GET', `/v1/products?sku=${encodeURIComponent(sku)}`)).items;
    if (p && !p.valuable && !p.liquid && !p.hazmat) products.push(p);
    if (products.length === n) break;
  }
  assert.equal(products.length, n, `${n} plain products in stock`);
  return products;
}

// released places a cash-on-delivery order to the US (fields add to or
// replace the defaults) and waits for its one fulfilment. The US takes
// COD while the order is placed, so it is confirmed and released at once.
export async function released(fields) {
  const settings = await api('GET', '/v1/settings');
  const addUS = !settings.cod_countries.includes('US');
  if (addUS) await api('PATCH', '/v1/settings', { cod_countries: [...settings.cod_countries, 'US'] });
  const order = await api('POST', '/v1/orders', {
    channel: 'web', payment_method: 'cod', currency: 'USD', customer: grace, shipping_address: mountainView, ...fields,
  });
  if (addUS) await api('PATCH', '/v1/settings', { cod_countries: settings.cod_countries });
  let fuls = [];
  for (let i = 0; i < 40 && !fuls.length; i++) {
    fuls = await fulfilmentOf(order.id);
    if (!fuls.length) await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(fuls.length, 1, `order ${order.number} was released in one fulfilment`);
  return { order, ful: fuls[0] };
}

// picked waves exactly ful and scans every stop into one tote; tag (letters,
// digits and '-', unique to the fulfilment) names its scans and tote.
export async function picked(ful, tag) {
  const wave = await api('POST', '/v1/waves', { warehouse: ful.warehouse, strategy: 'order', fulfilments: [ful.id] });
  for (const t of wave.tasks) {
    await api('POST', `/v1/pick-tasks/${t.id}/claim`, {});
    const task = await api('GET', `/v1/pick-tasks/${t.id}`);
    for (const l of task.lines) {
      await api('POST', `/v1/pick-tasks/${t.id}/picks`, {
        scan_id: `${tag}-${l.id}`, line: l.id, bin: l.bin, item: l.sku, quantity: l.quantity - l.picked, tote: `T-${tag}`.toUpperCase(),
      });
    }
  }
  assert.equal((await fulfilmentOf(ful.order_id))[0].status, 'picked');
}

// packed scans every unit of the picked ful into parcels and closes each at
// the weight it should have: all in one parcel, or with perLine each line
// in a parcel of its own.
export async function packed(ful, tag, { perLine = false } = {}) {
  await api('PUT', `/v1/warehouses/${ful.warehouse}/cartons/${cartonCode}`, carton);
  const station = await api('GET', `/v1/fulfilments/${ful.id}/packing`);
  let parcel = '';
  let weight = carton.tare_g;
  let closed = null;
  const close = async (key) => {
    closed = await api('POST', `/v1/parcels/${parcel}/close`, { scan_id: `${tag}-close-${key}`, carton: cartonCode, weight_g: weight });
    weight = carton.tare_g;
  };
  for (const l of station.lines) {
    const quantity = l.quantity - l.packed;
    parcel = (await api('POST', `/v1/fulfilments/${ful.id}/pack-scans`, { scan_id: `${tag}-${l.sku}`, item: l.sku, quantity })).parcel;
    weight += quantity * l.weight_g;
    if (perLine) await close(l.sku);
  }
  if (!perLine) await close('all');
  assert.ok(closed.done, `packed (held: ${closed.parcel.note || ''})`);
  assert.equal((await fulfilmentOf(ful.order_id))[0].status, 'packed');
}

// staged books the packed ful with its carrier and puts every parcel in
// the carrier's lane: the shipment and its tracking numbers.
export async function staged(ful) {
  const shipment = await api('POST', `/v1/fulfilments/${ful.id}/shipment`, {});
  const tracking = shipment.parcels.map((p) => p.tracking_number);
  for (const t of tracking) await api('POST', '/v1/staging', { parcel: t, lane: shipment.carrier.toUpperCase() });
  return { shipment, tracking };
}

// handedOver closes the carrier's day at the warehouse on a manifest and
// hands the staged parcels (their tracking numbers) to its driver.
export async function handedOver(warehouse, carrier, tracking) {
  const manifest = await api('POST', '/v1/manifests', { warehouse, carrier });
  await api('POST', `/v1/manifests/${manifest.id}/handover`, { scans: tracking });
  return manifest;
}
