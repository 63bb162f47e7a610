// Route figures of optlib, computed in the reader's browser (see optlib/routes.py).
//
// The model holds `spec` (the pictures matplotlib drew, where the panels are, the field's formula
// printed as JavaScript by optlib.formula, the walkers and the texts) and one value per slider.  Each
// time a value changes, every walker is walked again with the rules of optlib/optimizers.py and
// optlib/adventurer.py, written here operation for operation in the same order, and drawn over the
// picture.  What was computed is kept in the browser's model as `computed`, for tests.

// -- the optimizers: optlib/optimizers.py, rule for rule ------------------------------------------
const RULES = {
  SGD: { buffers: [], rule: (o, s, k, w, g) => w - o.lr * g },
  Momentum: {
    buffers: ["v"],
    rule: (o, s, k, w, g) => { const v = s.v[k] = o.momentum * s.v[k] - o.lr * g; return w + v; },
  },
  Nesterov: {
    buffers: ["v"],
    rule: (o, s, k, w, g) => { const v = s.v[k] = o.momentum * s.v[k] - o.lr * g; return w + o.momentum * v - o.lr * g; },
  },
  AdaGrad: {
    buffers: ["h"],
    rule: (o, s, k, w, g) => { const h = s.h[k] = s.h[k] + g * g; return w - o.lr * g / (Math.sqrt(h) + o.eps); },
  },
  RMSProp: {
    buffers: ["h"],
    rule: (o, s, k, w, g) => {
      const h = s.h[k] = o.decay_rate * s.h[k] + (1.0 - o.decay_rate) * g * g;
      return w - o.lr * g / (Math.sqrt(h) + o.eps);
    },
  },
  Adam: {
    buffers: ["m", "v"],
    begin: (o, s) => {  // beta**t as running products, as optlib keeps them
      s.p1 = (s.t > 1 ? s.p1 : 1.0) * o.beta1; s.p2 = (s.t > 1 ? s.p2 : 1.0) * o.beta2;
      s.c1 = 1.0 - s.p1; s.c2 = 1.0 - s.p2;
    },
    rule: (o, s, k, w, g) => {
      const m = s.m[k] = o.beta1 * s.m[k] + (1.0 - o.beta1) * g;
      const v = s.v[k] = o.beta2 * s.v[k] + (1.0 - o.beta2) * (g * g);
      const mHat = m / s.c1, vHat = v / s.c2;
      return w - o.lr * mHat / (Math.sqrt(vHat) + o.eps);
    },
  },
};
const DEFAULTS = {
  SGD: { lr: 0.01 }, Momentum: { lr: 0.01, momentum: 0.9 }, Nesterov: { lr: 0.01, momentum: 0.9 },
  AdaGrad: { lr: 0.01, eps: 1e-7 }, RMSProp: { lr: 0.01, decay_rate: 0.99, eps: 1e-7 },
  Adam: { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
};

function optimizer(name, hyper) {
  const kind = RULES[name], o = { ...DEFAULTS[name], ...hyper }, s = { t: 0 };
  for (const b of kind.buffers) s[b] = { x: 0.0, y: 0.0 };
  return (params, grads) => {  // Optimizer.update: one step for every parameter, x then y
    s.t += 1;
    if (kind.begin) kind.begin(o, s);
    for (const k of ["x", "y"]) params[k] = kind.rule(o, s, k, params[k], grads[k]);
  };
}

// -- the walk: optlib/adventurer.py's Adventurer.optimize ------------------------------------------
function walk(field, step, start, steps, noise, scale, factor) {
  const [cx, cy] = field.center, limit = factor * field.span;
  const params = { x: start[0], y: start[1] };
  const route = [[start[0], start[1]]];
  let diverged = null;
  for (let t = 1; t <= steps; t++) {
    let [gx, gy] = field.grad(params.x, params.y);
    if (noise && noise.add) {
      gx = gx + scale * noise.add[t - 1][0];
      gy = gy + scale * noise.add[t - 1][1];
    } else if (noise && noise.A) {
      const A = noise.A[t - 1], b = noise.b[t - 1], x = params.x, y = params.y;
      gx = gx + ((A[0] * x + A[1] * y) + b[0]);
      gy = gy + ((A[2] * x + A[3] * y) + b[1]);
    }
    step(params, { x: gx, y: gy });
    const x = params.x, y = params.y;
    route.push([x, y]);
    if (!(Number.isFinite(x) && Number.isFinite(y)) || Math.max(Math.abs(x - cx), Math.abs(y - cy)) > limit ||
        !Number.isFinite(field.f(x, y))) {
      diverged = t;
      break;
    }
  }
  return { route, diverged };
}

// exp as optlib.formula.exp computes it: + - * / and floor only, in the same order (bit for bit)
const LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10, INV_LN2 = 1.44269504088896338700e+00;
const TAYLOR = [];
{ let f = 1; const c = []; for (let n = 0; n <= 13; n++) { if (n) f *= n; c.push(1 / f); } TAYLOR.push(...c.reverse()); }
const POW2 = new Float64Array(2047);  // 2**k for k = -1023 ... 1023, exact (powers of two)
{ POW2[1023] = 1; for (let k = 1; k <= 1023; k++) { POW2[1023 + k] = POW2[1022 + k] * 2; POW2[1023 - k] = POW2[1024 - k] / 2; } }
function exp(z) {
  if (Number.isNaN(z)) return z;
  if (z > 709.78) return Infinity;
  if (z < -700.0) return 0.0;
  const k = Math.floor(z * INV_LN2 + 0.5);
  const r = (z - k * LN2_HI) - k * LN2_LO;
  let p = TAYLOR[0];
  for (let i = 1; i < TAYLOR.length; i++) p = p * r + TAYLOR[i];
  return k > 1023 ? p * POW2[2046] * 2 : p * POW2[1023 + k];  // (each factor a power of two: exact, as ldexp)
}

function compileField(spec, sliders, values) {
  const f = new Function("x", "y", "p", "exp", `return ${spec.f};`);
  const gx = new Function("x", "y", "p", "exp", `return ${spec.gx};`);
  const gy = new Function("x", "y", "p", "exp", `return ${spec.gy};`);
  const p = { ...spec.params };
  for (const name of sliders) p[name] = values[name];  // a continuous slider setting a parameter of the formula
  return {
    ...spec,
    f: (x, y) => f(x, y, p, exp),
    grad: (x, y) => [gx(x, y, p, exp), gy(x, y, p, exp)],
  };
}

// -- what a route tells: optlib/routes.py's series and metrics -------------------------------------
function series(name, w, field) {
  const r = w.route, [mx, my] = field.minimum;
  switch (name) {
    case "x": return r.map(p => p[0]);
    case "y": return r.map(p => p[1]);
    case "loss": return r.map(p => field.f(p[0], p[1]));
    case "distance": return r.map(p => Math.hypot(p[0] - mx, p[1] - my));
    case "stride": return r.map((p, i) => i ? Math.hypot(p[0] - r[i - 1][0], p[1] - r[i - 1][1]) : null);
    case "stride_x": return r.map((p, i) => i ? Math.abs(p[0] - r[i - 1][0]) : null);
    case "stride_y": return r.map((p, i) => i ? Math.abs(p[1] - r[i - 1][1]) : null);
  }
  throw new Error(`unknown series ${name}`);
}

function metric(m, w, field, at) {
  const [mx, my] = field.minimum;
  const dist = p => m.norm === "max" ? Math.max(Math.abs(p[0] - mx), Math.abs(p[1] - my)) : Math.hypot(p[0] - mx, p[1] - my);
  if (m.kind === "reached") {
    const i = w.route.findIndex(p => dist(p) <= m.tol);
    return i < 0 ? null : i;
  }
  if (m.kind === "settled") {
    let last = -1;
    w.route.forEach((p, i) => { if (dist(p) >= m.tol) last = i; });
    if (w.diverged !== null || last === w.route.length - 1) return null;
    return last + 1;
  }
  if (m.kind === "diverged") return w.diverged;
  const i = m.at === null || m.at === undefined ? at : m.at;
  if (m.kind === "mean") {  // of a series over the last steps up to step i (none if it diverged before)
    const values = series(m.series, w, field);
    if (i >= values.length) return null;
    let sum = 0;
    for (let k = i - m.last + 1; k <= i; k++) sum += values[k];
    return sum / m.last;
  }
  const values = series(m.kind, w, field);
  return i < values.length ? values[i] : null;
}

function count(m, walkers, field, at) {  // how many walkers shown are above a value at step `at`
  let n = 0;
  for (const w of walkers) {
    if (!w.shown) continue;
    const values = series(m.series, w, field), i = m.at === null || m.at === undefined ? at : m.at;
    if (i < values.length && values[i] > m.above) n += 1;
  }
  return n;
}

// -- text: str.format's {name}, {name:.3g}, {name:.2f}, {name:d}, {name:.0%} ------------------------
function strip(s) { return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s; }
function formatG(v, p) {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : (v > 0 ? "inf" : "-inf");
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  const [mant, exp] = v.toExponential(Math.max(p, 1) - 1).split("e");
  const e = parseInt(exp, 10);
  if (e < -4 || e >= p) return `${strip(mant)}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  return strip(v.toFixed(Math.max(p - 1 - e, 0)));
}
function formatValue(v, f) {
  if (v === null || v === undefined) return "–";
  if (typeof v === "string") return v;
  if (Object.is(v, -0) && f !== "d") return "-" + formatValue(0, f);
  if (!f) return Number.isInteger(v) ? String(v) : formatG(v, 12).replace(/(\.\d*?)0+$/, "$1");
  let m;
  if ((m = /^\.(\d+)g$/.exec(f))) return formatG(v, +m[1]);
  if ((m = /^\.(\d+)f$/.exec(f))) return v.toFixed(+m[1]);
  if ((m = /^\.(\d+)%$/.exec(f))) return `${(100 * v).toFixed(+m[1])}%`;
  if (f === "d") return String(Math.round(v));
  if (f === "g") return formatG(v, 6);
  return String(v);
}
function fill(template, values) {
  return template.replace(/\{(\w+)(?::([^}]*))?\}/g, (_, name, f) => formatValue(values[name], f));
}
function readout(fmt, v) {  // a slider's Python format, such as "{:g}" or "× {:.2f}"
  return fill(fmt.replace(/\{(?::([^}]*))?\}/, (_, f) => `{v${f ? ":" + f : ""}}`), { v });
}
function pick(cases, values) {
  for (const [cond, text] of cases) {
    if (cond === null || (values[cond] !== null && values[cond] !== undefined)) return fill(text, values);
  }
  return "";
}

// -- drawing: matplotlib's look (optlib/field.py draw_route, legend "small", titles "large") -------
const FONT = '"DejaVu Sans", "Noto Sans CJK JP", "IPAexGothic", "Hiragino Sans", "Yu Gothic", sans-serif';
function dashes(style, lw) {
  const ls = style.linestyle;
  const pattern = ls === "--" ? [3.7, 1.6] : ls === "-." ? [6.4, 1.6, 1, 1.6] : ls === ":" ? [1, 1.65]
    : Array.isArray(ls) ? ls[1] : [];
  return pattern.map(d => d * lw);
}
function marker(ctx, kind, x, y, size, fill, edge, edgeWidth) {
  const r = size / 2;
  ctx.beginPath();
  if (kind === "o") ctx.arc(x, y, r, 0, 2 * Math.PI);
  else if (kind === "s") ctx.rect(x - r, y - r, size, size);
  else if (kind === "^" || kind === "v") {
    const d = kind === "^" ? -1 : 1;
    ctx.moveTo(x, y + d * r); ctx.lineTo(x - r, y - d * r); ctx.lineTo(x + r, y - d * r); ctx.closePath();
  } else if (kind === "D") { ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath(); }
  else if (kind === "P") {
    const a = r / 3;
    ctx.moveTo(x - a, y - r); ctx.lineTo(x + a, y - r); ctx.lineTo(x + a, y - a); ctx.lineTo(x + r, y - a);
    ctx.lineTo(x + r, y + a); ctx.lineTo(x + a, y + a); ctx.lineTo(x + a, y + r); ctx.lineTo(x - a, y + r);
    ctx.lineTo(x - a, y + a); ctx.lineTo(x - r, y + a); ctx.lineTo(x - r, y - a); ctx.lineTo(x - a, y - a); ctx.closePath();
  } else if (kind === "*") {
    for (let i = 0; i < 10; i++) {
      const a = -Math.PI / 2 + i * Math.PI / 5, rr = i % 2 ? r * 0.45 : r;
      ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a));
    }
    ctx.closePath();
  }
  if (fill) { ctx.fillStyle = fill; ctx.fill(); }
  if (edge) { ctx.strokeStyle = edge; ctx.lineWidth = edgeWidth; ctx.setLineDash([]); ctx.stroke(); }
}
function transform(panel) {
  const [x0, y0, x1, y1] = panel.box;
  const axis = (lim, scale, a, b) => {
    if (scale === "log") {
      const l0 = Math.log10(lim[0]), l1 = Math.log10(lim[1]);
      return v => (v > 0 ? a + (Math.log10(v) - l0) / (l1 - l0) * (b - a) : NaN);
    }
    return v => a + (v - lim[0]) / (lim[1] - lim[0]) * (b - a);
  };
  return { x: axis(panel.xlim, panel.xscale, x0, x1), y: axis(panel.ylim, panel.yscale, y1, y0) };
}
function polyline(ctx, panel, points, style, markerSize, markEvery) {
  const T = transform(panel), lw = 1.5;
  const [x0, y0, x1, y1] = panel.box;
  ctx.save();
  ctx.beginPath(); ctx.rect(x0, y0, x1 - x0, y1 - y0); ctx.clip();
  ctx.strokeStyle = style.color; ctx.lineWidth = lw; ctx.setLineDash(dashes(style, lw)); ctx.lineJoin = "round";
  ctx.beginPath();
  let pen = false;
  const pts = [];
  for (const [u, v] of points) {
    const px = T.x(u), py = T.y(v);
    if (!(Number.isFinite(px) && Number.isFinite(py))) { pen = false; continue; }
    // far outside the picture, a point is drawn at the picture's edge direction (the canvas limits coordinates)
    const cx = Math.max(-1e5, Math.min(1e5, px)), cy = Math.max(-1e5, Math.min(1e5, py));
    if (pen) ctx.lineTo(cx, cy); else { ctx.moveTo(cx, cy); pen = true; }
    pts.push([cx, cy]);
  }
  ctx.stroke();
  pts.forEach(([px, py], i) => { if (i % markEvery === 0) marker(ctx, style.marker, px, py, markerSize, style.color, style.color, 1); });
  ctx.restore();
  return pts;
}
function text(ctx, s, x, y, size, align = "center", baseline = "bottom", color = "black") {
  ctx.font = `${size}px ${FONT}`; ctx.fillStyle = color; ctx.textAlign = align; ctx.textBaseline = baseline;
  ctx.fillText(s, x, y);
}
function legend(ctx, panel, entries, size) {
  if (!entries.length) return;
  ctx.font = `${size}px ${FONT}`;
  const pad = 0.4 * size, handle = 2 * size, gap = 0.8 * size, row = 1.25 * size;
  const width = pad * 2 + handle + gap + Math.max(...entries.map(e => ctx.measureText(e.label).width));
  const height = pad * 2 + row * entries.length - (row - size);
  const [, y0, x1] = panel.box;
  const left = x1 - 0.5 * size - width, top = y0 + 0.5 * size;
  ctx.save();
  ctx.globalAlpha = 0.8; ctx.fillStyle = "white"; ctx.strokeStyle = "#cccccc"; ctx.lineWidth = 1; ctx.setLineDash([]);
  ctx.beginPath(); ctx.roundRect ? ctx.roundRect(left, top, width, height, 2) : ctx.rect(left, top, width, height);
  ctx.fill(); ctx.stroke(); ctx.restore();
  entries.forEach((e, i) => {
    const cy = top + pad + i * row + size / 2, hx = left + pad;
    if (e.style) {
      ctx.save(); ctx.strokeStyle = e.style.color; ctx.lineWidth = 1.5; ctx.setLineDash(dashes(e.style, 1.5));
      ctx.beginPath(); ctx.moveTo(hx, cy); ctx.lineTo(hx + handle, cy); ctx.stroke(); ctx.restore();
    }
    marker(ctx, e.marker, hx + handle / 2, cy, e.markerSize, e.fill, e.edge, e.edgeWidth);
    text(ctx, e.label, hx + handle + gap, cy, size, "left", "middle");
  });
}

// -- the widget ----------------------------------------------------------------------------------
const WORDS = {
  ja: { marks: "本文で使う値", status: "図の内容" },
  en: { marks: "values used in the text", status: "what the figure shows" },
};

function compute(spec, values, indices) {
  const key = spec.listed.map(name => indices[name]).join(",");
  const fieldSpec = spec.fields[key];
  const field = compileField(fieldSpec, spec.field_sliders || [], values);
  const walkers = spec.walkers.map((w, i) => {
    const hyper = {};
    for (const [name, h] of Object.entries(w.hyper)) hyper[name] = typeof h === "number" ? h : values[h.slider] * h.times;
    const scale = w.noise_scale ? values[w.noise_scale] : 1.0;
    const result = walk(field, optimizer(w.optimizer, hyper), fieldSpec.starts[i], w.horizon, fieldSpec.noise[i],
                        scale, spec.divergence_factor);
    const shown = !w.shown_when || indices[w.shown_when[0]] === w.shown_when[1];
    return { ...result, hyper, shown, steps: w.steps };
  });
  return { key, field, walkers };
}

function render({ model, el }) {
  const spec = model.get("spec");
  const words = WORDS[spec.lang] || WORDS.en;
  const root = document.createElement("div");
  root.className = "optlib-route";
  root.style.maxWidth = `${spec.width}px`;
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  canvas.style.width = "100%";
  canvas.style.height = "auto";
  canvas.style.display = "block";
  const live = document.createElement("p");  // the summary screen readers hear after a move
  live.className = "optlib-route-summary";
  live.setAttribute("aria-live", "polite");
  live.setAttribute("aria-label", words.status);
  const marks = document.createElement("div");
  marks.className = "optlib-route-marks";
  root.append(marks, canvas, live);
  el.append(root);

  const dpr = Math.max(1, window.devicePixelRatio || 1);
  canvas.width = Math.round(spec.width * dpr);
  canvas.height = Math.round(spec.height * dpr);
  const ctx = canvas.getContext("2d");
  const images = {};
  const image = key => {
    if (!images[key]) {
      const img = new Image();
      images[key] = new Promise(resolve => { img.onload = () => resolve(img); img.onerror = () => resolve(null); });
      img.src = spec.backgrounds[key];
    }
    return images[key];
  };

  // the listed values of continuous sliders, as buttons that jump there
  const markButtons = [];
  for (const s of spec.sliders.filter(s => !s.listed && s.marks.length)) {
    const group = document.createElement("div");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", `${s.label}: ${words.marks}`);
    const name = document.createElement("span");
    name.textContent = `${s.label}:`;
    name.setAttribute("aria-hidden", "true");
    group.append(name);
    for (const v of s.marks) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "optlib-route-mark";
      b.textContent = readout(s.fmt, v);
      b.addEventListener("click", () => { model.set(s.name, v); model.save_changes(); });
      markButtons.push([b, s.name, v]);
      group.append(b);
    }
    marks.append(group);
  }

  let token = 0, summaryTimer = null;
  async function draw() {
    const mine = ++token;
    const values = {}, indices = {};
    for (const s of spec.sliders) {
      const v = model.get(s.name);
      values[s.name] = s.listed ? s.values[v] : v;
      if (s.listed) indices[s.name] = v;
    }
    const t0 = performance.now();
    const c = compute(spec, values, indices);
    const img = await image(c.key);
    if (mine !== token) return;  // a newer value came while the picture loaded
    // metrics and texts
    const texts = { ...values };
    for (const [name, m] of Object.entries(spec.metrics)) {
      const w = m.walker === null ? (c.walkers.find(w => w.shown) || c.walkers[0]) : c.walkers[m.walker];
      const upto = spec.panels.find(p => p.upto) ? values[spec.panels.find(p => p.upto).upto] : w.steps;
      texts[name] = m.kind === "count" ? count(m, c.walkers, c.field, Math.min(upto, w.steps))
        : metric(m, w, c.field, Math.min(upto, w.steps));
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, spec.width, spec.height);
    if (img) ctx.drawImage(img, 0, 0, spec.width, spec.height);
    const styles = spec.styles;
    spec.panels.forEach(panel => {
      const entries = [];
      if (panel.kind === "map") {
        const upto = panel.upto ? values[panel.upto] : null;
        let starts = false;
        for (const i of panel.walkers) {
          const w = c.walkers[i], ws = spec.walkers[i];
          if (!w.shown) continue;
          const n = Math.min(upto === null ? ws.steps : upto, ws.steps);
          const style = styles[ws.style % styles.length];
          const pts = polyline(ctx, panel, w.route.slice(0, n + 1), style, 4, 1);
          if (!starts && pts.length) {
            const T = transform(panel), [sx, sy] = w.route[0];
            marker(ctx, "o", T.x(sx), T.y(sy), 9, null, "black", 1.5);
            starts = true;
          }
          if (panel.mark_end && pts.length) {
            const [ex, ey] = pts[pts.length - 1];
            marker(ctx, style.marker, ex, ey, 11, style.color, "black", 1);
          }
          if (ws.label) entries.push({ label: fill(ws.label, { ...texts, ...w.hyper }), style, marker: style.marker,
                                       markerSize: 4, fill: style.color, edge: style.color, edgeWidth: 1 });
        }
        if (panel.legend) {
          if (starts) entries.push({ label: spec.words.start, marker: "o", markerSize: 9, edge: "black", edgeWidth: 1.5 });
          entries.push({ label: spec.words.minimum, marker: "*", markerSize: 14, fill: "gold", edge: "black", edgeWidth: 1 });
        }
      } else {
        for (const [i, name, label, styleIndex] of panel.curves) {
          const w = c.walkers[i], ws = spec.walkers[i];
          if (!w.shown) continue;
          const ys = series(name, w, c.field).slice(0, ws.steps + 1);
          const style = styles[styleIndex % styles.length];
          polyline(ctx, panel, ys.map((v, t) => [t, v]).filter(([, v]) => v !== null), style, 3,
                   Math.max(1, Math.floor(ws.steps / 15)));
          const text = fill(label === null ? ws.label : label, { ...texts, ...w.hyper });
          if (text) entries.push({ label: text, style, marker: style.marker, markerSize: 3, fill: style.color, edge: style.color, edgeWidth: 1 });
        }
      }
      const size = 25 / 3;  // matplotlib's "small" at 72 dpi
      if (panel.legend) legend(ctx, panel, entries, size);
      if (panel.title.length) text(ctx, pick(panel.title, texts), ...panel.title_place.at, panel.title_place.size);
      if (panel.note && panel.note.length) {
        const s = pick(panel.note, texts), [x0, , , y1] = panel.box;
        ctx.font = `${size}px ${FONT}`;
        const w = ctx.measureText(s).width;
        ctx.save(); ctx.globalAlpha = 0.85; ctx.fillStyle = "white";
        ctx.fillRect(x0 + 0.03 * (panel.box[2] - x0) - 2, y1 - 0.06 * (y1 - panel.box[1]) - size - 2, w + 4, size + 4);
        ctx.restore();
        text(ctx, s, x0 + 0.03 * (panel.box[2] - x0), y1 - 0.06 * (y1 - panel.box[1]), size, "left", "bottom");
      }
    });
    if (spec.title.length) {
      const place = spec.suptitle || spec.panels[0].title_place;
      text(ctx, pick(spec.title, texts), ...place.at, place.size);
    }
    for (const [b, name, v] of markButtons) b.setAttribute("aria-pressed", String(values[name] === v));
    const alt = pick(spec.alt, texts);
    canvas.setAttribute("aria-label", alt);
    clearTimeout(summaryTimer);
    summaryTimer = setTimeout(() => { live.textContent = alt; }, 400);  // after a drag, not during it
    const computed = {
      values, key: c.key, alt, ms: performance.now() - t0,
      routes: c.walkers.map(w => w.route), diverged: c.walkers.map(w => w.diverged),
      metrics: Object.fromEntries(Object.keys(spec.metrics).map(k => [k, texts[k]])),
      title: spec.title.length ? pick(spec.title, texts) : "",
    };
    model.set("computed", computed);  // kept in the browser (not sent to the kernel): for tests
    root.dataset.drawn = String(mine);
    root.dispatchEvent(new CustomEvent("optlib-drawn", { detail: computed, bubbles: true }));
  }

  root.optlib = { model, draw };  // for tests: the model the browser computes from
  for (const s of spec.sliders) model.on(`change:${s.name}`, draw);
  draw();
  return () => { for (const s of spec.sliders) model.off(`change:${s.name}`, draw); };
}

export default { render };
// for tests (node and the browser tests): the computation alone, without drawing
export { compute, metric, count, series, fill, formatG, exp };
