// RnnCalc's page: the calculator with its bit table and hidden-state heatmap, and the training panel with its live
// chart. Plain DOM and <canvas>, no library, so it works offline and under a strict Content-Security-Policy.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const number = (n) => Number(n).toLocaleString('en-US');
  const percent = (x) => `${(x * 100).toFixed(x === 1 || x === 0 ? 0 : 1)}%`;

  const state = {
    limits: null,
    models: { subtract: null, add: null }, // trained model id per operation; null = the default network
    modelNotes: {},                         // model id -> a short description for the "calculating with" line
    calc: null,
    traced: true,
    operation: 0,
    step: 0,
    timer: null,
    job: null,
    chartFrame: 0,
    verify: false,
    machines: {},   // model id -> promise of its verification (computed once on the server)
    machine: null,  // { line, op, path } for the operation shown: path[t] = machine state before step t
  };

  // ---------- talking to the server ----------

  async function api(path, body) {
    const init = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
    let response;
    try {
      response = await fetch(path, init);
    } catch {
      throw new Error('cannot reach the server: is `rnncalc serve` still running?');
    }
    let data = null;
    try {
      data = await response.json();
    } catch {
      // Not JSON: the status line below says enough.
    }
    if (!response.ok) {
      throw new Error(data && data.error ? data.error : `the server answered ${response.status}`);
    }
    return data;
  }

  function showError(id, message) {
    const box = $(id);
    box.textContent = message || '';
    box.hidden = !message;
  }

  // ---------- calculator ----------

  async function calculate() {
    const expression = $('expression').value;
    const button = $('calc-button');
    button.disabled = true;
    showError('calc-error', '');
    stop();
    const models = Object.values(state.models).filter(Boolean);
    try {
      let data;
      state.traced = true;
      try {
        data = await api('/api/calc', { expression, trace: true, models });
      } catch (e) {
        // Very long calculations are answered without the per-bit rows.
        if (!/bit rows/.test(e.message)) throw e;
        state.traced = false;
        data = await api('/api/calc', { expression, trace: false, models });
      }
      state.calc = data;
      state.operation = 0;
      showCalculation();
    } catch (e) {
      showError('calc-error', e.message);
      $('calc-output').hidden = true;
    } finally {
      button.disabled = false;
    }
  }

  function showCalculation() {
    const data = state.calc;
    $('calc-output').hidden = false;
    $('network-result').textContent = data.result;
    $('exact-result').textContent = data.exact;
    const verdict = $('verdict');
    const wrongBits = data.steps.reduce((n, op) => n + (op.bits ? op.bits.filter((b) => !b.correct).length : 0), 0);
    verdict.className = `verdict ${data.correct ? 'right' : 'wrong'}`;
    verdict.textContent = data.correct
      ? '✓ right'
      : `✗ wrong${state.traced ? `: ${wrongBits} bit${wrongBits === 1 ? '' : 's'} wrong (red rows below)` : ''}`;

    const tabs = $('operation-tabs');
    tabs.replaceChildren();
    tabs.hidden = data.steps.length < 2;
    data.steps.forEach((op, i) => {
      const tab = document.createElement('button');
      tab.type = 'button';
      tab.setAttribute('role', 'tab');
      tab.textContent = `${i + 1}. ${shorten(op.a)} ${symbol(op)} ${shorten(op.b)} = ${shorten(op.result)}${op.correct ? '' : ' ✗'}`;
      tab.addEventListener('click', () => selectOperation(i));
      tabs.append(tab);
    });
    selectOperation(0);
  }

  function selectOperation(index) {
    stop();
    state.operation = index;
    [...$('operation-tabs').children].forEach((tab, i) => tab.setAttribute('aria-selected', String(i === index)));
    const op = state.calc.steps[index];
    const stateName = op.operation === 'add' ? 'carry' : 'borrow';
    $('state-header').textContent = stateName;
    document.querySelectorAll('.state-name').forEach((el) => { el.textContent = stateName; });
    $('bits-caption').textContent = `${op.a} ${symbol(op)} ${op.b} = ${op.result}${op.correct ? '' : ` (exact: ${op.exact})`}, in ${op.width} steps, lowest bit first`;
    op.states = exactStates(op);
    fillTable(op);
    const slider = $('step-slider');
    slider.max = String(Math.max(0, op.width - 1));
    slider.disabled = !op.bits;
    $('play').disabled = !op.bits;
    state.machine = null;
    setStep(0);
    showMachine(op);
  }

  function symbol(op) { return { add: '+', subtract: '−', multiply: '×', divide: '÷', remainder: '%' }[op.operation] || '?'; }

  function shorten(text) { return text.length > 24 ? `${text.slice(0, 10)}…${text.slice(-10)}` : text; }

  /** The exact machine's borrow (or carry) after each step, to set beside what the network does. */
  function exactStates(op) {
    if (!op.bits) return [];
    let carry = 0;
    return op.bits.map((bit) => {
      const a = bit.a;
      const b = bit.b;
      carry = op.operation === 'add'
        ? (a & b) | ((a ^ b) & carry)
        : ((1 - a) & b) | ((1 - (a ^ b)) & carry);
      return carry;
    });
  }

  function fillTable(op) {
    const body = document.querySelector('#bits tbody');
    body.replaceChildren();
    if (!op.bits) {
      const row = body.insertRow();
      const cell = row.insertCell();
      cell.colSpan = 7;
      cell.textContent = op.runs > 1
        ? `This ${op.operation} took ${op.runs} network runs (${op.networkSteps} steps); each + and − shows its bits here, and POST /api/calc with "run": N gives any one run's.`
        : 'This calculation is too long to show bit by bit; try a shorter one.';
      return;
    }
    const rows = document.createDocumentFragment();
    op.bits.forEach((bit, i) => {
      const row = document.createElement('tr');
      row.className = bit.correct ? '' : 'wrong';
      row.dataset.step = String(i);
      const cells = [
        String(bit.step), String(bit.a), String(bit.b), null,
        String(bit.emitted), String(bit.exact), String(op.states[i]),
      ];
      cells.forEach((text, c) => {
        const cell = document.createElement('td');
        if (c === 3) {
          cell.className = 'prob';
          const track = document.createElement('span');
          track.className = 'bar-track';
          const bar = document.createElement('span');
          bar.className = 'bar';
          bar.style.width = `${(bit.probability * 100).toFixed(1)}%`;
          const half = document.createElement('span');
          half.className = 'half';
          track.append(bar, half);
          cell.append(track, document.createTextNode(bit.probability.toFixed(4)));
        } else {
          cell.textContent = text;
        }
        row.append(cell);
      });
      row.addEventListener('click', () => { stop(); setStep(i); });
      rows.append(row);
    });
    body.append(rows);
  }

  function setStep(step) {
    const op = state.calc.steps[state.operation];
    state.step = Math.max(0, Math.min(step, op.width - 1));
    $('step-slider').value = String(state.step);
    $('step-label').textContent = `${state.step} of ${op.width - 1}`;
    const body = document.querySelector('#bits tbody');
    body.querySelectorAll('tr.current').forEach((r) => r.classList.remove('current'));
    const row = body.rows[state.step];
    if (row && op.bits) {
      row.classList.add('current');
      const wrap = row.closest('.table-wrap');
      const top = row.offsetTop;
      const header = 32;
      if (top < wrap.scrollTop + header || top + row.offsetHeight > wrap.scrollTop + wrap.clientHeight) {
        wrap.scrollTop = top - wrap.clientHeight / 2;
      }
    }
    $('step-story').textContent = story(op, state.step);
    drawHeatmap();
    drawMachine();
  }

  function story(op, t) {
    if (!op.bits) return '';
    const bit = op.bits[t];
    const name = op.operation === 'add' ? 'carry' : 'borrow';
    const incoming = t === 0 ? 0 : op.states[t - 1];
    const sure = bit.probability >= 0.5 ? bit.probability : 1 - bit.probability;
    const last = t === op.width - 1 ? ' This last step reads the sign bits, so its bit gives the sign of the result.' : '';
    return `Step ${t}: a bit ${bit.a}, b bit ${bit.b}, ${name} coming in ${incoming}. ` +
      `The network is ${(sure * 100).toFixed(1)}% sure the result bit is ${bit.emitted}, so it writes ${bit.emitted}; ` +
      `the exact bit is ${bit.exact} ${bit.correct ? '✓' : '✗ wrong'}. ${name[0].toUpperCase()}${name.slice(1)} going out: ${op.states[t]}.${last}`;
  }

  function play() {
    if (state.timer) { stop(); return; }
    const op = state.calc.steps[state.operation];
    if (state.step >= op.width - 1) setStep(0);
    const interval = Math.max(25, Math.min(450, 8000 / op.width));
    $('play').textContent = '❚❚ Pause';
    $('play').setAttribute('aria-label', 'pause');
    state.timer = setInterval(() => {
      if (state.step >= op.width - 1) { stop(); return; }
      setStep(state.step + 1);
    }, interval);
  }

  function stop() {
    if (state.timer) clearInterval(state.timer);
    state.timer = null;
    $('play').textContent = '▶ Play';
    $('play').setAttribute('aria-label', 'play');
  }

  // Viridis-like ramp: dark violet (0) to yellow (1), readable for most colour vision.
  const RAMP = [[32, 18, 77], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];

  function ramp(x) {
    const v = Math.max(0, Math.min(1, Number.isFinite(x) ? x : 0)) * (RAMP.length - 1);
    const i = Math.min(RAMP.length - 2, Math.floor(v));
    const f = v - i;
    const c = RAMP[i].map((lo, k) => Math.round(lo + (RAMP[i + 1][k] - lo) * f));
    return `rgb(${c[0]},${c[1]},${c[2]})`;
  }

  function setupCanvas(canvas, width, height) {
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    return g;
  }

  function drawHeatmap() {
    const canvas = $('heatmap');
    const op = state.calc && state.calc.steps[state.operation];
    if (!op || !op.bits) { setupCanvas(canvas, 10, 10); return; }
    const steps = op.width;
    // Every state the cell has: h, and an LSTM's c below it.
    const hiddenUnits = op.bits[0].hidden.length;
    const cellUnits = op.bits[0].cell ? op.bits[0].cell.length : 0;
    const units = hiddenUnits + cellUnits;
    const stateValue = (bit, u) => (u < hiddenUnits ? bit.hidden[u] : bit.cell[u - hiddenUnits]);
    // The tutorial's sigmoid units live in [0, 1]; tanh units and an LSTM's c can be negative or larger: stretch the ramp.
    let low = 0;
    let high = 1;
    op.bits.forEach((bit) => { for (let u = 0; u < units; u++) { low = Math.min(low, stateValue(bit, u)); high = Math.max(high, stateValue(bit, u)); } });
    const left = 64;
    const top = 22;
    const gap = 8;
    const available = Math.max(300, canvas.parentElement.clientWidth - left - 12);
    const cw = Math.max(3, Math.min(56, Math.floor(available / steps)));
    const ch = Math.max(5, Math.min(18, Math.floor(300 / units)));
    const extra = ['a', 'b', op.operation === 'add' ? 'carry' : 'borrow', 'emitted'];
    const width = left + steps * cw + 12;
    const height = top + extra.length * ch + gap + units * ch + 8;
    const g = setupCanvas(canvas, width, height);
    g.fillStyle = '#fff';
    g.fillRect(0, 0, width, height);
    g.font = '11px system-ui, sans-serif';
    g.textBaseline = 'middle';
    g.textAlign = 'right';
    g.fillStyle = '#5b6475';
    extra.forEach((name, r) => g.fillText(name, left - 6, top + r * ch + ch / 2));
    const unitsTop = top + extra.length * ch + gap;
    const labelEvery = Math.max(1, Math.ceil(12 / ch));
    for (let u = 0; u < units; u += labelEvery) g.fillText(u < hiddenUnits ? `h${u}` : `c${u - hiddenUnits}`, left - 6, unitsTop + u * ch + ch / 2);

    const bitColour = (bit) => (bit ? '#1d2330' : '#e3e7ef');
    op.bits.forEach((bit, t) => {
      const x = left + t * cw;
      const rows = [bit.a, bit.b, op.states[t], bit.emitted];
      rows.forEach((value, r) => {
        g.fillStyle = r === 3 && !bit.correct ? '#c62828' : bitColour(value);
        g.fillRect(x, top + r * ch, cw - (cw > 4 ? 1 : 0), ch - 1);
      });
      for (let u = 0; u < units; u++) {
        g.fillStyle = ramp((stateValue(bit, u) - low) / (high - low));
        g.fillRect(x, unitsTop + u * ch, cw - (cw > 4 ? 1 : 0), ch - (ch > 6 ? 1 : 0));
      }
    });

    // Step numbers along the top, spaced so they never overlap.
    g.textAlign = 'center';
    g.fillStyle = '#5b6475';
    const every = Math.max(1, Math.ceil(28 / cw));
    for (let t = 0; t < steps; t += every) g.fillText(String(t), left + t * cw + cw / 2, 10);

    const x = left + state.step * cw;
    g.strokeStyle = '#c62828';
    g.lineWidth = 2;
    g.strokeRect(x - 1, top - 3, cw + 1, height - top - 3);
  }

  // ---------- the machine inside (rnncalc verify) ----------

  async function showMachine(op) {
    const box = $('machine');
    if (!state.verify || !op.bits) { box.hidden = true; return; }
    box.hidden = false;
    const id = state.models[op.operation] || `default-${op.operation}`;
    const help = $('machine-help');
    help.textContent = 'Checking what this network does on numbers of every length…';
    setupCanvas($('machine-canvas'), 10, 10);
    if (!state.machines[id]) state.machines[id] = api(`/api/models/${encodeURIComponent(id)}/verify`);
    let line;
    try {
      line = await state.machines[id];
    } catch (e) {
      delete state.machines[id];
      help.textContent = `The check did not finish: ${e.message}`;
      return;
    }
    if (!state.calc || state.calc.steps[state.operation] !== op) return;
    const name = op.operation === 'add' ? 'carry' : 'borrow';
    const verb = op.operation === 'add' ? 'adds' : 'subtracts';
    let text = line.proven
      ? `Proven: this network ${verb} correctly for numbers of every length, not just the ones tried. ` +
        `Inside, it works like the ${line.states}-state machine below. Each circle is what it remembers (the ${name}); ` +
        'each arrow is a step, labelled "a b → bit written". The red arrow is the step the slider is on.'
      : `Not proven: ${line.reason}.`;
    if (line.counterexample) {
      const c = line.counterexample;
      text += ` For example ${c.a} ${op.operation === 'add' ? '+' : '−'} ${c.b}: the network says ${c.network}, the exact answer is ${c.exact} ` +
        `(its first wrong bit is bit ${c.firstWrongStep}, step ${c.firstWrongStep + 1} of the ${c.steps} it runs).`;
    }
    if (!line.proven && line.states <= 12) text += ' Drawn below is what it does on the hidden states explored: not a verified machine.';
    help.textContent = text;
    const path = [0];
    for (const bit of op.bits) {
      const current = line.machine[path[path.length - 1]];
      const next = current ? current.transitions.find((t) => t.a === bit.a && t.b === bit.b).next : 0;
      path.push(next);
    }
    state.machine = { line, op, path };
    drawMachine();
  }

  function drawMachine() {
    const canvas = $('machine-canvas');
    const m = state.machine;
    if (!m || !state.calc || state.calc.steps[state.operation] !== m.op) return;
    const line = m.line;
    const width = Math.max(320, canvas.parentElement.clientWidth);
    const height = 300;
    const g = setupCanvas(canvas, width, height);
    g.fillStyle = '#fff';
    g.fillRect(0, 0, width, height);
    const n = line.states;
    g.font = '13px system-ui, sans-serif';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    if (n > 12 || line.machine.length < n) {
      g.fillStyle = '#5b6475';
      g.fillText(`${number(n)} states: too many to draw here (rnncalc verify --svg draws them all)`, width / 2, height / 2);
      canvas.dataset.states = String(n);
      return;
    }
    const name = m.op.operation === 'add' ? 'carry' : 'borrow';
    const radius = 34;
    const cx = width / 2;
    const cy = height / 2 + 10;
    const spread = Math.min(width / 2 - 110, 150);
    const position = (s) => (n === 1
      ? { x: cx, y: cy }
      : { x: cx + spread * Math.cos(Math.PI + (2 * Math.PI * s) / n), y: cy + (n === 2 ? 0 : 0.8 * spread * Math.sin(Math.PI + (2 * Math.PI * s) / n)) });
    const at = state.step;
    const from = m.path[at];
    const bit = m.op.bits[at];

    // Group the transitions by arrow, keeping which one the current step takes.
    const arrows = new Map();
    line.machine.forEach((st) => st.transitions.forEach((t) => {
      const key = `${st.state}>${t.next}`;
      if (!arrows.has(key)) arrows.set(key, { from: st.state, to: t.next, labels: [] });
      const active = st.state === from && t.a === bit.a && t.b === bit.b;
      arrows.get(key).labels.push({ text: `${t.a} ${t.b} → ${t.output}`, active });
    }));

    const loops = [];
    for (const arrow of arrows.values()) {
      const active = arrow.labels.some((l) => l.active);
      g.strokeStyle = active ? '#c62828' : '#7a8397';
      g.fillStyle = g.strokeStyle;
      g.lineWidth = active ? 3 : 1.5;
      const a = position(arrow.from);
      let labelX;
      let labelY;
      let align = 'center';
      if (arrow.from === arrow.to) {
        // A loop on the side away from the centre, leaving and entering the state's own circle.
        const dx = a.x - cx || -1;
        const dy = a.y - cy;
        const length = Math.hypot(dx, dy) || 1;
        const ux = dx / length;
        const uy = dy / length;
        const loop = selfLoop(a, radius, ux, uy);
        g.beginPath();
        g.arc(loop.x, loop.y, loop.r, loop.from, loop.to);
        g.stroke();
        const tangent = loop.to + Math.PI / 2;
        g.beginPath();
        g.moveTo(loop.end.x, loop.end.y);
        g.lineTo(loop.end.x - 11 * Math.cos(tangent - 0.4), loop.end.y - 11 * Math.sin(tangent - 0.4));
        g.lineTo(loop.end.x - 11 * Math.cos(tangent + 0.4), loop.end.y - 11 * Math.sin(tangent + 0.4));
        g.closePath();
        g.fill();
        loops.push({ state: arrow.from, x: a.x, y: a.y, radius, start: loop.start, end: loop.end });
        // Beside the loop, on its far side, so the text never crosses it.
        labelX = a.x + ux * (radius + 2 * loop.r + 14);
        labelY = a.y + uy * (radius + 2 * loop.r + 14) - ((arrow.labels.length - 1) * 8);
        align = Math.abs(ux) < 0.5 ? 'center' : ux < 0 ? 'right' : 'left';
      } else {
        const b = position(arrow.to);
        const mx = (a.x + b.x) / 2;
        const my = (a.y + b.y) / 2;
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const length = Math.hypot(dx, dy);
        const nx = -dy / length;
        const ny = dx / length;
        const bend = 48;
        const qx = mx + nx * bend;
        const qy = my + ny * bend;
        const start = { x: a.x + (qx - a.x) / Math.hypot(qx - a.x, qy - a.y) * radius, y: a.y + (qy - a.y) / Math.hypot(qx - a.x, qy - a.y) * radius };
        const end = { x: b.x + (qx - b.x) / Math.hypot(qx - b.x, qy - b.y) * radius, y: b.y + (qy - b.y) / Math.hypot(qx - b.x, qy - b.y) * radius };
        g.beginPath();
        g.moveTo(start.x, start.y);
        g.quadraticCurveTo(qx, qy, end.x, end.y);
        g.stroke();
        const angle = Math.atan2(end.y - qy, end.x - qx);
        g.beginPath();
        g.moveTo(end.x, end.y);
        g.lineTo(end.x - 11 * Math.cos(angle - 0.4), end.y - 11 * Math.sin(angle - 0.4));
        g.lineTo(end.x - 11 * Math.cos(angle + 0.4), end.y - 11 * Math.sin(angle + 0.4));
        g.closePath();
        g.fill();
        labelX = mx + nx * (bend + 14);
        labelY = my + ny * (bend + 14) - ((arrow.labels.length - 1) * 8);
      }
      g.textAlign = align;
      arrow.labels.forEach((label, i) => {
        g.font = label.active ? 'bold 13px system-ui, sans-serif' : '12px system-ui, sans-serif';
        g.fillStyle = label.active ? '#c62828' : '#1d2330';
        g.fillText(label.text, labelX, labelY + i * 16);
      });
    }

    g.textAlign = 'center';
    line.machine.forEach((st) => {
      const p = position(st.state);
      g.beginPath();
      g.arc(p.x, p.y, radius, 0, 2 * Math.PI);
      g.fillStyle = st.state === from ? '#fde7e7' : '#eef2fb';
      g.fill();
      g.lineWidth = st.state === from ? 3 : 1.5;
      g.strokeStyle = st.state === from ? '#c62828' : '#2457c5';
      g.stroke();
      g.fillStyle = '#1d2330';
      g.font = '13px system-ui, sans-serif';
      // Unproven, a state only acts like the borrow (or carry) on the states explored.
      g.fillText(st.reference === null ? `s${st.state}` : `${line.proven ? '' : '≈ '}${name} ${st.reference}`, p.x, p.y);
      if (st.state === 0) {
        g.fillStyle = '#5b6475';
        g.font = '11px system-ui, sans-serif';
        g.fillText('start', p.x, p.y + radius + 12);
      }
    });
    canvas.dataset.states = String(n);
    // Where each self-loop meets its state, for the browser test.
    canvas.dataset.loops = JSON.stringify(loops);
  }

  /**
   * A self-loop of a state (centre p, radius R) on the side (ux, uy): a circle overlapping the state's, drawn from
   * where it leaves the state's circle round the far side to where it comes back, so it reads as an arrow from the
   * state to itself, never as a circle of its own.
   */
  function selfLoop(p, R, ux, uy) {
    const r = 20;
    const d = R + 0.55 * r;
    const x = p.x + ux * d;
    const y = p.y + uy * d;
    // The angle, seen from the loop's centre, between the way back to the state and where the two circles cross.
    const spread = Math.acos((r * r + d * d - R * R) / (2 * r * d));
    const back = Math.atan2(-uy, -ux);
    const from = back + spread;
    const to = back + 2 * Math.PI - spread;
    const point = (angle) => ({ x: x + r * Math.cos(angle), y: y + r * Math.sin(angle) });
    return { x, y, r, from, to, start: point(from), end: point(to) };
  }

  // ---------- networks in use ----------

  function showNetworks() {
    const line = $('networks');
    line.replaceChildren(document.createTextNode('Calculating with: '));
    ['subtract', 'add'].forEach((op, i) => {
      if (i > 0) line.append(document.createTextNode(' · '));
      const id = state.models[op];
      if (!id) {
        line.append(document.createTextNode(`the default ${op} network (the tutorial's: 8 bits, 16 hidden units, seed 0)`));
        return;
      }
      const mine = document.createElement('span');
      mine.className = 'mine';
      mine.textContent = `your ${op} network (${state.modelNotes[id] || id})`;
      const reset = document.createElement('button');
      reset.type = 'button';
      reset.textContent = 'use the default';
      reset.addEventListener('click', () => { state.models[op] = null; showNetworks(); calculate(); });
      line.append(mine, reset);
    });
  }

  // ---------- training ----------

  async function train(event) {
    event.preventDefault();
    const form = $('train-form');
    if (!form.reportValidity()) return;
    const f = form.elements;
    const settings = {
      cell: f.cell.value,
      operation: f.operation.value,
      bits: Number(f.bits.value),
      range: f.range.value,
      hidden: Number(f.hidden.value),
      learningRate: Number(f.learningRate.value),
      seed: Number(f.seed.value),
      optimizer: f.optimizer.value,
      iterations: Number(f.iterations.value),
      checkEvery: Number(f.checkEvery.value),
      untilSolved: f.untilSolved.checked,
      updatesPerSecond: f.slow.checked ? 2000 : null,
    };
    showError('train-error', '');
    $('train-result').hidden = true;
    $('train-button').disabled = true;
    let job;
    try {
      job = await api('/api/train', settings);
    } catch (e) {
      showError('train-error', e.message);
      $('train-button').disabled = false;
      return;
    }
    state.job = { id: job.id, settings, points: [], done: null, source: null };
    $('stop-button').disabled = false;
    $('train-status').textContent = 'starting…';
    drawChart();
    follow(state.job, job.events);
  }

  function follow(job, url) {
    const source = new EventSource(url);
    job.source = source;
    source.addEventListener('progress', (event) => {
      job.points.push(JSON.parse(event.data));
      if (job === state.job) { showProgress(job); scheduleChart(); }
    });
    source.addEventListener('done', (event) => {
      source.close();
      job.done = JSON.parse(event.data);
      if (job === state.job) finishTraining(job);
    });
    source.addEventListener('error', () => {
      // EventSource reconnects by itself and resumes after the last point (Last-Event-ID).
      if (!job.done && job === state.job) $('train-status').textContent = 'lost the connection to the server; retrying…';
    });
  }

  function showProgress(job) {
    const last = job.points[job.points.length - 1];
    const checked = [...job.points].reverse().find((p) => p.accuracy !== null);
    let text = `update ${number(last.update)} of ${number(job.settings.iterations)}`;
    if (last.smoothedError !== null) text += ` · error ${last.smoothedError.toFixed(3)}`;
    if (checked) text += ` · ${percent(checked.accuracy)} of pairs right (at update ${number(checked.update)})`;
    $('train-status').textContent = text;
  }

  async function stopTraining() {
    const job = state.job;
    if (!job || job.done) return;
    $('stop-button').disabled = true;
    $('train-status').textContent = 'stopping…';
    try {
      await api(`/api/train/${job.id}/stop`, {});
    } catch (e) {
      showError('train-error', e.message);
    }
  }

  function finishTraining(job) {
    const done = job.done;
    $('train-button').disabled = false;
    $('stop-button').disabled = true;
    if (job.points.length) showProgress(job);
    drawChart();
    const box = $('train-result');
    box.replaceChildren();
    box.hidden = false;
    box.className = `train-result${done.status === 'solved' ? '' : ' bad'}`;
    const first = done.message.charAt(0).toUpperCase() + done.message.slice(1);
    box.append(document.createTextNode(`${first} in ${done.seconds.toFixed(1)} s. `));
    if (!done.model) {
      $('train-status').textContent = done.status;
      return;
    }
    const op = job.settings.operation;
    state.models[op] = done.model;
    const s = job.settings;
    state.modelNotes[done.model] = `${s.cell} cell, ${s.bits} bits, ${s.hidden} hidden units, ${s.optimizer}, seed ${s.seed}` +
      (done.solvedAt !== null ? `, solved at update ${number(done.solvedAt)}` : `, ${number(done.updates)} updates`);
    box.append(document.createTextNode(`The calculator above now uses this network for ${op === 'add' ? 'addition' : 'subtraction'}.`));
    const link = document.createElement('a');
    link.href = `/api/models/${encodeURIComponent(done.model)}`;
    link.setAttribute('download', '');
    link.id = 'download-link';
    link.textContent = 'Download the model file';
    box.append(link);
    $('train-status').textContent = `${done.status} · ${number(done.updates)} updates`;
    showNetworks();
    calculate();
  }

  function scheduleChart() {
    if (state.chartFrame) return;
    state.chartFrame = requestAnimationFrame(() => { state.chartFrame = 0; drawChart(); });
  }

  function niceCeiling(x) {
    if (!(x > 0)) return 1;
    const power = 10 ** Math.floor(Math.log10(x));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= x) return m * power;
    return 10 * power;
  }

  function drawChart() {
    const canvas = $('chart');
    const width = Math.max(320, canvas.parentElement.clientWidth);
    const height = 320;
    const g = setupCanvas(canvas, width, height);
    const job = state.job;
    const points = job ? job.points : [];
    const pad = { left: 56, right: 56, top: 14, bottom: 40 };
    const w = width - pad.left - pad.right;
    const h = height - pad.top - pad.bottom;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, width, height);

    const lastUpdate = points.length ? points[points.length - 1].update : 0;
    const xMax = niceCeiling(Math.max(lastUpdate, 10));
    const errors = points.map((p) => p.error).filter((e) => e !== null);
    const yMax = niceCeiling(Math.max(0.5, ...errors));
    const X = (u) => pad.left + (u / xMax) * w;
    const Y = (e) => pad.top + h - (Math.min(e, yMax) / yMax) * h;
    const A = (a) => pad.top + h - a * h;

    g.font = '11px system-ui, sans-serif';
    g.strokeStyle = '#eceef3';
    g.fillStyle = '#5b6475';
    g.lineWidth = 1;
    g.textBaseline = 'middle';
    for (let i = 0; i <= 5; i++) {
      const y = pad.top + h - (i / 5) * h;
      g.beginPath(); g.moveTo(pad.left, y); g.lineTo(pad.left + w, y); g.stroke();
      g.textAlign = 'right';
      g.fillText(String(+(yMax * i / 5).toFixed(3)), pad.left - 6, y);
      g.textAlign = 'left';
      g.fillText(`${i * 20}%`, pad.left + w + 6, y);
    }
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (let i = 0; i <= 5; i++) {
      const u = (xMax * i) / 5;
      g.fillText(number(Math.round(u)), X(u), pad.top + h + 6);
    }
    g.fillText('updates', pad.left + w / 2, pad.top + h + 22);
    g.save();
    g.translate(14, pad.top + h / 2);
    g.rotate(-Math.PI / 2);
    g.fillText('error', 0, -6);
    g.restore();
    g.save();
    g.translate(width - 12, pad.top + h / 2);
    g.rotate(Math.PI / 2);
    g.fillText('accuracy', 0, -6);
    g.restore();
    g.strokeStyle = '#9aa3b5';
    g.strokeRect(pad.left, pad.top, w, h);

    if (!points.length) {
      g.fillStyle = '#8a93a6';
      g.textBaseline = 'middle';
      g.fillText(job ? 'waiting for the first updates…' : 'press Train to watch a network learn', pad.left + w / 2, pad.top + h / 2);
      canvas.dataset.points = '0';
      return;
    }

    // Each example's own error, faint: it jumps around; the smoothed line shows the trend.
    g.fillStyle = '#b8c4dd';
    for (const p of points) if (p.error !== null) g.fillRect(X(p.update) - 1, Y(p.error) - 1, 2, 2);

    g.strokeStyle = '#2457c5';
    g.lineWidth = 2;
    g.beginPath();
    let started = false;
    for (const p of points) {
      if (p.smoothedError === null) continue;
      if (started) g.lineTo(X(p.update), Y(p.smoothedError)); else g.moveTo(X(p.update), Y(p.smoothedError));
      started = true;
    }
    g.stroke();

    const checks = points.filter((p) => p.accuracy !== null);
    g.strokeStyle = '#e07a10';
    g.fillStyle = '#e07a10';
    g.beginPath();
    checks.forEach((p, i) => (i ? g.lineTo(X(p.update), A(p.accuracy)) : g.moveTo(X(p.update), A(p.accuracy))));
    g.stroke();
    for (const p of checks) { g.beginPath(); g.arc(X(p.update), A(p.accuracy), 3, 0, 2 * Math.PI); g.fill(); }

    canvas.dataset.points = String(points.length);
  }

  // ---------- start ----------

  async function loadInfo() {
    try {
      const info = await api('/api/info');
      state.limits = info.limits;
      const f = $('train-form').elements;
      f.bits.max = String(info.limits.maxTrainingBits);
      f.hidden.max = String(info.limits.maxHidden);
      f.iterations.max = String(info.limits.maxIterations);
      f.checkEvery.max = String(info.limits.maxIterations);
      state.verify = info.verify;
      if (state.calc) showMachine(state.calc.steps[state.operation]);
    } catch (e) {
      showError('train-error', e.message);
    }
  }

  function init() {
    $('calc-form').addEventListener('submit', (event) => { event.preventDefault(); calculate(); });
    document.querySelectorAll('button.example').forEach((button) => {
      button.title = button.textContent;
      button.addEventListener('click', () => { $('expression').value = button.textContent; calculate(); });
    });
    $('step-slider').addEventListener('input', (event) => { stop(); setStep(Number(event.target.value)); });
    $('play').addEventListener('click', play);
    $('train-form').addEventListener('submit', train);
    $('stop-button').addEventListener('click', stopTraining);
    $('train-form').elements.bits.addEventListener('input', (event) => { $('bits-warning').hidden = Number(event.target.value) < 11; });
    // Each cell's documented defaults (as rnncalc train --cell X): the tutorial's SGD at 0.9, Adam at 0.01 for PyTorch's cells.
    $('train-form').elements.cell.addEventListener('change', (event) => {
      const f = $('train-form').elements;
      const tutorial = event.target.value === 'sigmoid';
      f.optimizer.value = tutorial ? 'sgd' : 'adam';
      f.learningRate.value = tutorial ? '0.9' : '0.01';
    });
    let resizing = 0;
    window.addEventListener('resize', () => {
      cancelAnimationFrame(resizing);
      resizing = requestAnimationFrame(() => { drawChart(); if (state.calc) { drawHeatmap(); drawMachine(); } });
    });
    showNetworks();
    drawChart();
    loadInfo();
    calculate();
  }

  init();
})();
