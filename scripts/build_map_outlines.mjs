// Build directory/maps/geo/outlines.json: country outlines for the offline map of the
// cooperation between Germany and Central Asia (rendered by directory/maps/drawing.py).
//
// The JSON output is committed; Python never needs Node. Regenerate it with:
//
//   cd scripts && npm install --no-save world-atlas@2 topojson-client@3 topojson-simplify@3 \
//     && node build_map_outlines.mjs
//
// (scripts/node_modules must not be committed.) An optional first argument
// overrides the output path.
//
// Source: Natural Earth 1:50m admin-0 countries (public domain), packaged as
// TopoJSON by the npm package world-atlas (ISC licence). See
// directory/maps/geo/LICENSE-natural-earth.md.
//
// What the script does:
// 1. simplifies the topology (Visvalingam, topology-preserving, so neighbouring
//    countries keep identical shared borders),
// 2. applies the border policy (Crimea to Ukraine, Northern Cyprus to Cyprus;
//    see applyBorderPolicy),
// 3. keeps every country that reaches into CLIP_BOX and clips it to that box
//    (Russia and China would otherwise dominate the file),
// 4. drops islands smaller than MIN_RING_AREA square degrees,
// 5. rounds coordinates to 2 decimal places of degrees (≈ 1 km),
// 6. writes {source, clip_box, countries: [{iso, numeric, name, focus, rings}]}
//    where rings are lists of [lon, lat] pairs (exterior rings and holes alike;
//    the winding order of Natural Earth is kept).
//
// CLIP_BOX must be a little larger than the map extent in directory/maps/drawing.py
// (MAP_EXTENT) so that the straight clip edges stay outside the visible map.

import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import * as topojson from "topojson-client";
import * as simplify from "topojson-simplify";

const require = createRequire(import.meta.url);
const topology = require("world-atlas/countries-50m.json");
const atlasVersion = require("world-atlas/package.json").version;

// [lon_min, lat_min, lon_max, lat_max] in degrees.
const CLIP_BOX = [0.5, 32.0, 91.5, 59.0];
// Visvalingam threshold (square degrees of the effective triangle area).
const MIN_WEIGHT = 0.001;
const MIN_RING_AREA = 0.03;
const FOCUS = new Set(["DE", "KZ", "KG", "TJ", "TM", "UZ"]);

// ISO 3166-1 numeric (as used by world-atlas) -> [alpha-2, English short name].
// Only the countries that reach into CLIP_BOX are listed; the script stops if
// one is missing, so a change of CLIP_BOX cannot silently drop a country.
const COUNTRIES = {
  "004": ["AF", "Afghanistan"],
  "008": ["AL", "Albania"],
  "012": ["DZ", "Algeria"],
  "020": ["AD", "Andorra"],
  "031": ["AZ", "Azerbaijan"],
  "040": ["AT", "Austria"],
  "051": ["AM", "Armenia"],
  "056": ["BE", "Belgium"],
  "070": ["BA", "Bosnia and Herzegovina"],
  "100": ["BG", "Bulgaria"],
  "112": ["BY", "Belarus"],
  "156": ["CN", "China"],
  "191": ["HR", "Croatia"],
  "196": ["CY", "Cyprus"],
  "203": ["CZ", "Czechia"],
  "208": ["DK", "Denmark"],
  "233": ["EE", "Estonia"],
  "250": ["FR", "France"],
  "268": ["GE", "Georgia"],
  "275": ["PS", "Palestine"],
  "276": ["DE", "Germany"],
  "300": ["GR", "Greece"],
  "336": ["VA", "Holy See"],
  "348": ["HU", "Hungary"],
  "356": ["IN", "India"],
  "364": ["IR", "Iran"],
  "368": ["IQ", "Iraq"],
  "376": ["IL", "Israel"],
  "380": ["IT", "Italy"],
  "398": ["KZ", "Kazakhstan"],
  "400": ["JO", "Jordan"],
  "417": ["KG", "Kyrgyzstan"],
  "422": ["LB", "Lebanon"],
  "428": ["LV", "Latvia"],
  "434": ["LY", "Libya"],
  "438": ["LI", "Liechtenstein"],
  "440": ["LT", "Lithuania"],
  "442": ["LU", "Luxembourg"],
  "470": ["MT", "Malta"],
  "492": ["MC", "Monaco"],
  "496": ["MN", "Mongolia"],
  "498": ["MD", "Moldova"],
  "499": ["ME", "Montenegro"],
  "528": ["NL", "Netherlands"],
  "578": ["NO", "Norway"],
  "586": ["PK", "Pakistan"],
  "616": ["PL", "Poland"],
  "642": ["RO", "Romania"],
  "643": ["RU", "Russia"],
  "674": ["SM", "San Marino"],
  "682": ["SA", "Saudi Arabia"],
  "688": ["RS", "Serbia"],
  "703": ["SK", "Slovakia"],
  "705": ["SI", "Slovenia"],
  "724": ["ES", "Spain"],
  "752": ["SE", "Sweden"],
  "756": ["CH", "Switzerland"],
  "760": ["SY", "Syria"],
  "762": ["TJ", "Tajikistan"],
  "788": ["TN", "Tunisia"],
  "792": ["TR", "Turkey"],
  "795": ["TM", "Turkmenistan"],
  "804": ["UA", "Ukraine"],
  "807": ["MK", "North Macedonia"],
  "826": ["GB", "United Kingdom"],
  "860": ["UZ", "Uzbekistan"],
};
// Natural Earth areas without an ISO numeric code in world-atlas. They are kept
// as context shapes (never highlighted); iso is null except for Kosovo's
// user-assigned XK. (N. Cyprus is merged into Cyprus, see applyBorderPolicy.)
const WITHOUT_ID = {
  Kosovo: ["XK", "Kosovo"],
  "Siachen Glacier": [null, "Siachen Glacier"],
};

// The ISO numeric ids that matter most; checked so that a new world-atlas
// release cannot swap them silently.
const EXPECTED = {
  276: "Germany",
  398: "Kazakhstan",
  417: "Kyrgyzstan",
  762: "Tajikistan",
  795: "Turkmenistan",
  860: "Uzbekistan",
};

const geometries = topology.objects.countries.geometries;
for (const [id, name] of Object.entries(EXPECTED)) {
  const geometry = geometries.find((g) => Number(g.id) === Number(id));
  if (!geometry || geometry.properties.name !== name) {
    throw new Error(`world-atlas id ${id} is not ${name}`);
  }
}

const simplified = simplify.simplify(simplify.presimplify(topology), MIN_WEIGHT);
const features = topojson.feature(simplified, simplified.objects.countries).features;
applyBorderPolicy(simplified, features);

// Natural Earth's default admin-0 layer shows de-facto control. The directory follows the
// borders recognised by Germany and the UN (General Assembly resolution 68/262 on Crimea):
// - Crimea, which Natural Earth 4.1 puts into Russia, is drawn as part of Ukraine;
// - Northern Cyprus is drawn as part of Cyprus.
// Shared borders are dissolved with topojson.merge, so no inner line remains.
function applyBorderPolicy(topo, list) {
  const geometries = topo.objects.countries.geometries;
  const byName = (name) => geometries.find((g) => g.properties.name === name);
  const featureIndex = (name) => list.findIndex((f) => f.properties.name === name);

  const russia = byName("Russia");
  const inCrimea = (polygon) => {
    const [[x0, y0], [x1, y1]] = bounds(topojson.feature(topo, { type: "Polygon", arcs: polygon }));
    return x0 > 32 && x1 < 37 && y0 > 44 && y1 < 46.5;
  };
  const crimea = russia.arcs.filter(inCrimea);
  if (crimea.length !== 1) throw new Error(`Expected one Crimea polygon in Russia, found ${crimea.length}`);
  const ukraine = byName("Ukraine");
  list[featureIndex("Ukraine")].geometry = topojson.merge(topo, [ukraine, { type: "Polygon", arcs: crimea[0] }]);
  list[featureIndex("Russia")].geometry = topojson.feature(topo, {
    type: "MultiPolygon",
    arcs: russia.arcs.filter((polygon) => !inCrimea(polygon)),
  }).geometry;

  list[featureIndex("Cyprus")].geometry = topojson.merge(topo, [byName("Cyprus"), byName("N. Cyprus")]);
  list.splice(featureIndex("N. Cyprus"), 1);
}

function bounds(feature) {
  const { geometry } = feature;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const points = polygons.flat(2);
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [
    [Math.min(...xs), Math.min(...ys)],
    [Math.max(...xs), Math.max(...ys)],
  ];
}

const [xMin, yMin, xMax, yMax] = CLIP_BOX;
const edges = [
  [(p) => p[0] >= xMin, (a, b) => crossX(a, b, xMin)],
  [(p) => p[0] <= xMax, (a, b) => crossX(a, b, xMax)],
  [(p) => p[1] >= yMin, (a, b) => crossY(a, b, yMin)],
  [(p) => p[1] <= yMax, (a, b) => crossY(a, b, yMax)],
];

function crossX(a, b, x) {
  const t = (x - a[0]) / (b[0] - a[0]);
  return [x, a[1] + t * (b[1] - a[1])];
}

function crossY(a, b, y) {
  const t = (y - a[1]) / (b[1] - a[1]);
  return [a[0] + t * (b[0] - a[0]), y];
}

// Sutherland–Hodgman against the (convex) clip box; ring given without the
// closing point.
function clipRing(ring) {
  let output = ring;
  for (const [inside, intersect] of edges) {
    const input = output;
    output = [];
    for (let i = 0; i < input.length; i++) {
      const current = input[i];
      const previous = input[(i + input.length - 1) % input.length];
      if (inside(current)) {
        if (!inside(previous)) output.push(intersect(previous, current));
        output.push(current);
      } else if (inside(previous)) {
        output.push(intersect(previous, current));
      }
    }
    if (output.length === 0) break;
  }
  return output;
}

function area(ring) {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    sum += x1 * y2 - x2 * y1;
  }
  return Math.abs(sum) / 2;
}

const round = (value) => Math.round(value * 100) / 100;

function cleanRing(ring) {
  const out = [];
  for (const [lon, lat] of ring) {
    const point = [round(lon), round(lat)];
    const last = out[out.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) out.push(point);
  }
  while (out.length > 1 && out[0][0] === out.at(-1)[0] && out[0][1] === out.at(-1)[1]) out.pop();
  return out;
}

const countries = [];
const missing = [];
for (const feature of features) {
  const { geometry } = feature;
  if (!geometry) continue;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const rings = [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      const clipped = cleanRing(clipRing(ring.slice(0, -1)));
      if (clipped.length >= 3 && area(clipped) >= MIN_RING_AREA) rings.push(clipped);
    }
  }
  if (rings.length === 0) continue;
  const known = feature.id === undefined ? WITHOUT_ID[feature.properties.name] : COUNTRIES[feature.id];
  if (!known) {
    missing.push(`${feature.id} ${feature.properties.name}`);
    continue;
  }
  const [iso, name] = known;
  countries.push({
    iso,
    numeric: feature.id ?? null,
    name,
    focus: FOCUS.has(iso),
    rings,
  });
}
if (missing.length) throw new Error(`No ISO code listed for: ${missing.join(", ")}`);
// Stable order: context first, then the focus countries, each by name.
countries.sort((a, b) => a.focus - b.focus || a.name.localeCompare(b.name, "en"));

const output = {
  source: `Natural Earth 1:50m admin-0 countries via world-atlas ${atlasVersion} (countries-50m.json)`,
  licence: "Natural Earth: public domain. world-atlas packaging: ISC. See LICENSE-natural-earth.md.",
  generator: "scripts/build_map_outlines.mjs",
  clip_box: CLIP_BOX,
  countries,
};
const target = process.argv[2] ?? fileURLToPath(new URL("../directory/maps/geo/outlines.json", import.meta.url));
// One country per line keeps diffs readable without bloating the file.
const body = countries.map((country) => "    " + JSON.stringify(country)).join(",\n");
const head = JSON.stringify({ ...output, countries: undefined }, null, 2).replace(/\n}$/, "");
writeFileSync(target, `${head},\n  "countries": [\n${body}\n  ]\n}\n`);
console.log(`${countries.length} countries written to ${target}`);
