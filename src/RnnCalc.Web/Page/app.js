// RnnCalc's page: the calculator with its bit table and hidden-state heatmap, and the training panel with its live
// chart. Plain DOM and <canvas>, no library, so it works offline and under a strict Content-Security-Policy. Every
// text comes from messages.js through t(key, args), in English or Chinese.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const number = (n) => Number(n).toLocaleString('en-US');
  const percent = (x) => `${(x * 100).toFixed(x === 1 || x === 0 ? 0 : 1)}%`;

  const state = {
    limits: null,
    models: { subtract: null, add: null }, // trained model id per operation; null = the default network
    modelNotes: {},                         // model id -> what it was trained with, for the "calculating with" line
    calc: null,
    calcModels: [],  // the model ids the calculation shown was made with (its runs are asked for with the same)
    calcSerial: 0,   // bumped by every calculation, so a late answer about an older one is dropped
    traced: true,
    operation: 0,
    runLists: {},    // operation index -> promise of its runs (POST /api/calc/runs), for the run picker
    runs: {},        // run number -> promise of that run with its bits
    run: null,       // the run picked for the operation shown (× ÷ %)
    view: null,      // what the table, heatmap and machine show: a + or − of the expression, or one run of a × ÷ %
    step: 0,
    timer: null,
    job: null,
    chartFrame: 0,
    verify: false,
    machines: {},   // model id -> promise of its verification (computed once on the server)
    machine: null,  // { line, op, path } for the view shown: path[t] = machine state before step t
  };

  // ---------- language ----------

  const messages = window.RnnCalcMessages;
  const languageKey = 'rnncalc.language';
  let language = 'en';

  /** The message `key` in the page's language: its {name} placeholders filled from `args`, or its function called. */
  function t(key, args = {}) {
    const message = messages[language][key];
    if (message === undefined) throw new Error(`no message '${key}'`);
    return typeof message === 'function'
      ? message(args)
      : message.replace(/\{(\w+)\}/g, (all, name) => (name in args ? String(args[name]) : all));
  }

  /** The reader's choice on this page if any, else the first of the browser's languages the page speaks. */
  function preferredLanguage() {
    try {
      const saved = localStorage.getItem(languageKey);
      if (saved && saved in messages) return saved;
    } catch {
      // No storage (a private window, say): the browser's language decides.
    }
    const wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
    const first = wanted.find((l) => /^(zh|en)\b/i.test(l)) || 'en';
    return /^zh/i.test(first) ? 'zh-CN' : 'en';
  }

  function setLanguage(chosen, remember) {
    language = chosen in messages ? chosen : 'en';
    if (remember) {
      try { localStorage.setItem(languageKey, language); } catch { /* the choice then lasts this page only */ }
    }
    document.documentElement.lang = language;
    document.title = t('pageTitle');
    document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
    // Constant markup from the message table only.
    document.querySelectorAll('[data-i18n-html]').forEach((el) => { el.innerHTML = t(el.dataset.i18nHtml); });
    document.querySelectorAll('[data-i18n-title]').forEach((el) => { el.title = t(el.dataset.i18nTitle); });
    document.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
    document.querySelectorAll('[data-i18n-aria-label]').forEach((el) => el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel)));
    document.querySelectorAll('#languages button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.language === language)));
    // Everything drawn or built from data is drawn again in the new language, from what the page already has.
    showStateName();
    showPlayButton();
    showNetworks();
    if (state.calc) showCalculation();
    if (state.job) {
      if (state.job.done) showTrainingResult(state.job);
      else if (state.job.points.length) showProgress(state.job);
    }
    drawChart();
  }

  // ---------- talking to the server ----------

  /** An error the server sent: its own words (English), shown as given. */
  class ServerError extends Error {}

  async function api(path, body) {
    const init = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
    let response;
    try {
      response = await fetch(path, init);
    } catch {
      throw new Error(t('errorUnreachable'));
    }
    let data = null;
    try {
      data = await response.json();
    } catch {
      // Not JSON: the status line below says enough.
    }
    if (!response.ok) {
      throw data && data.error ? new ServerError(data.error) : new Error(t('errorStatus', { status: response.status }));
    }
    return data;
  }

  /** Text for an error: the page's own in the page's language, the server's in English, marked so (lang="en"). */
  function errorNodes(error) {
    if (!(error instanceof ServerError)) return [document.createTextNode(error.message)];
    const english = document.createElement('span');
    english.lang = 'en';
    english.textContent = error.message;
    return [document.createTextNode(t('serverSays')), english];
  }

  function showError(id, error) {
    const box = $(id);
    box.replaceChildren(...(error ? errorNodes(error) : []));
    box.hidden = !error;
  }

  // ---------- calculator ----------

  async function calculate() {
    const expression = $('expression').value;
    const button = $('calc-button');
    button.disabled = true;
    showError('calc-error', null);
    stop();
    const models = Object.values(state.models).filter(Boolean);
    const serial = ++state.calcSerial;
    try {
      let data;
      let traced = true;
      try {
        data = await api('/api/calc', { expression, trace: true, models });
      } catch (e) {
        // Very long calculations are answered without the per-bit rows.
        if (!(e instanceof ServerError) || !/bit rows/.test(e.message)) throw e;
        traced = false;
        data = await api('/api/calc', { expression, trace: false, models });
      }
      if (serial !== state.calcSerial) return;
      Object.assign(state, { calc: data, calcModels: models, traced, operation: 0, runLists: {}, runs: {}, run: null });
      showCalculation();
    } catch (e) {
      if (serial !== state.calcSerial) return;
      showError('calc-error', e);
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
    const wrong = data.steps.reduce((n, op) => n + (op.bits ? op.bits.filter((b) => !b.correct).length : 0), 0);
    verdict.className = `verdict ${data.correct ? 'right' : 'wrong'}`;
    // The red rows are counted only where there are rows: a wrong product or quotient may have none shown yet.
    verdict.textContent = data.correct ? t('verdictRight') : t('verdictWrong', { wrong, traced: state.traced && wrong > 0 });

    const tabs = $('operation-tabs');
    tabs.replaceChildren();
    tabs.hidden = data.steps.length < 2;
    data.steps.forEach((op, i) => {
      const tab = document.createElement('button');
      tab.type = 'button';
      tab.setAttribute('role', 'tab');
      tab.textContent = `${i + 1}. ${shorten(op.a)} ${symbol(op)} ${shorten(op.b)} = ${shorten(op.result)}${op.correct ? '' : ' ✗'}`;
      tab.addEventListener('click', () => { state.run = null; selectOperation(i); });
      tabs.append(tab);
    });
    selectOperation(state.operation);
  }

  /** + and − are one network run each; × ÷ % are many, and show the run picked. */
  const oneRun = (op) => op.operation === 'add' || op.operation === 'subtract';

  function selectOperation(index) {
    stop();
    state.operation = index;
    [...$('operation-tabs').children].forEach((tab, i) => tab.setAttribute('aria-selected', String(i === index)));
    const op = state.calc.steps[index];
    $('run-picker').hidden = oneRun(op) || op.runs === 0;
    if (oneRun(op) || op.runs === 0) {
      showView({ operation: op.operation, a: op.a, b: op.b, result: op.result, exact: op.exact, correct: op.correct, width: op.width, bits: op.bits, run: null });
      return;
    }
    pickRuns(index, op);
  }

  function operationName(name) {
    return t({ add: 'operationAdd', subtract: 'operationSubtract', multiply: 'operationMultiply', divide: 'operationDivide', remainder: 'operationRemainder' }[name]);
  }

  async function pickRuns(index, op) {
    const serial = state.calcSerial;
    const listed = Math.min(op.runs, 500);
    $('run-summary').textContent = t('runSummary', { name: operationName(op.operation), runs: number(op.runs), steps: number(op.networkSteps) }) +
      (listed < op.runs ? t('runsListed', { listed: number(listed) }) : '');
    const select = $('run-select');
    if (!state.runLists[index]) {
      state.runLists[index] = api('/api/calc/runs', { expression: state.calc.expression, models: state.calcModels, from: op.firstRun, count: listed });
    }
    let list;
    try {
      list = await state.runLists[index];
    } catch (e) {
      delete state.runLists[index];
      if (serial === state.calcSerial) showError('calc-error', e);
      return;
    }
    if (serial !== state.calcSerial || state.operation !== index) return;
    select.replaceChildren(...list.runs.map((run) => {
      const option = document.createElement('option');
      option.value = String(run.number);
      option.textContent = t('runOption', { ...run, a: shorten(run.a), b: shorten(run.b), result: shorten(run.result), symbol: symbol(run), steps: number(run.steps) });
      return option;
    }));
    const picked = list.runs.some((r) => r.number === state.run) ? state.run : op.firstRun;
    select.value = String(picked);
    showRun(picked);
  }

  async function showRun(number) {
    const serial = state.calcSerial;
    const index = state.operation;
    state.run = number;
    showError('calc-error', null);
    if (!state.runs[number]) {
      $('bits-caption').textContent = t('runLoading', { number });
      state.runs[number] = api('/api/calc', { expression: state.calc.expression, models: state.calcModels, run: number });
    }
    let run;
    try {
      run = (await state.runs[number]).run;
    } catch (e) {
      delete state.runs[number];
      if (serial !== state.calcSerial) return;
      $('calc-error').replaceChildren(document.createTextNode(t('runFailed', { number })), ...errorNodes(e));
      $('calc-error').hidden = false;
      return;
    }
    if (serial !== state.calcSerial || state.operation !== index || state.run !== number) return;
    showView({ operation: run.operation, a: run.a, b: run.b, result: run.result, exact: run.exact, correct: run.correct, width: run.steps, bits: run.bits, run: run.number });
  }

  /** Shows one network run (or a + or − without bits) in the table, the heatmap and the machine. */
  function showView(view) {
    stop();
    state.view = view;
    showStateName();
    $('bits-caption').textContent = t('caption', {
      run: view.run, a: view.a, symbol: symbol(view), b: view.b, result: view.result, exact: view.correct ? null : view.exact, steps: number(view.width),
    });
    view.states = exactStates(view);
    fillTable(view);
    const slider = $('step-slider');
    slider.max = String(Math.max(0, view.width - 1));
    slider.disabled = !view.bits;
    $('play').disabled = !view.bits;
    state.machine = null;
    setStep(0);
    showMachine(view);
  }

  const stateName = (op) => t(op && op.operation === 'add' ? 'stateCarry' : 'stateBorrow');

  function showStateName() {
    const name = stateName(state.view);
    $('state-header').textContent = name;
    document.querySelectorAll('.state-name').forEach((el) => { el.textContent = name; });
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
      cell.textContent = oneRun(op) ? t('tooLong') : t('runNone', { name: operationName(op.operation) });
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
    const op = state.view;
    state.step = Math.max(0, Math.min(step, op.width - 1));
    $('step-slider').value = String(state.step);
    $('step-label').textContent = t('stepOf', { step: state.step, last: op.width - 1 });
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

  function story(op, step) {
    if (!op.bits) return '';
    const bit = op.bits[step];
    const sure = bit.probability >= 0.5 ? bit.probability : 1 - bit.probability;
    return t('story', {
      step, a: bit.a, b: bit.b, name: stateName(op), incoming: step === 0 ? 0 : op.states[step - 1], sure: (sure * 100).toFixed(1),
      emitted: bit.emitted, exact: bit.exact, correct: bit.correct, outgoing: op.states[step], last: step === op.width - 1,
    });
  }

  function play() {
    if (state.timer) { stop(); return; }
    const op = state.view;
    if (state.step >= op.width - 1) setStep(0);
    const interval = Math.max(25, Math.min(450, 8000 / op.width));
    state.timer = setInterval(() => {
      if (state.step >= op.width - 1) { stop(); return; }
      setStep(state.step + 1);
    }, interval);
    showPlayButton();
  }

  function stop() {
    if (state.timer) clearInterval(state.timer);
    state.timer = null;
    showPlayButton();
  }

  function showPlayButton() {
    $('play').textContent = t(state.timer ? 'pause' : 'play');
    $('play').setAttribute('aria-label', t(state.timer ? 'pauseLabel' : 'playLabel'));
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
    canvas.dataset.labels = '';
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    return g;
  }

  /** Writes `text` on the canvas, and lists it in the canvas's data-labels (what the page's tests read of a drawing). */
  function label(g, text, x, y) {
    g.fillText(text, x, y);
    const list = g.canvas.dataset.labels;
    g.canvas.dataset.labels = list ? `${list}\n${text}` : text;
  }

  function drawHeatmap() {
    const canvas = $('heatmap');
    const op = state.view;
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
    const extra = ['a', 'b', stateName(op), t('heatmapEmitted')];
    const width = left + steps * cw + 12;
    const height = top + extra.length * ch + gap + units * ch + 8;
    const g = setupCanvas(canvas, width, height);
    g.fillStyle = '#fff';
    g.fillRect(0, 0, width, height);
    g.font = '11px system-ui, sans-serif';
    g.textBaseline = 'middle';
    g.textAlign = 'right';
    g.fillStyle = '#5b6475';
    extra.forEach((name, r) => label(g, name, left - 6, top + r * ch + ch / 2));
    const unitsTop = top + extra.length * ch + gap;
    const labelEvery = Math.max(1, Math.ceil(12 / ch));
    for (let u = 0; u < units; u += labelEvery) label(g, u < hiddenUnits ? `h${u}` : `c${u - hiddenUnits}`, left - 6, unitsTop + u * ch + ch / 2);

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
    for (let t = 0; t < steps; t += every) label(g, String(t), left + t * cw + cw / 2, 10);

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
    help.textContent = t('machineChecking');
    $('machine-verdict').hidden = true;
    setupCanvas($('machine-canvas'), 10, 10);
    if (!state.machines[id]) state.machines[id] = api(`/api/models/${encodeURIComponent(id)}/verify`);
    let line;
    try {
      line = await state.machines[id];
    } catch (e) {
      delete state.machines[id];
      if (state.view === op) help.replaceChildren(document.createTextNode(t('machineFailed')), ...errorNodes(e));
      return;
    }
    if (state.view !== op) return;
    showVerdict(line);
    const name = stateName(op);
    const parts = [];
    if (line.proven) {
      parts.push(t('machineProven', { verb: t(op.operation === 'add' ? 'verbAdd' : 'verbSubtract'), states: line.states, name }));
    } else {
      // The verifier's reason is translated when it is one of its fixed phrases, else shown as given, marked English.
      let reason = knownReason(line.reason);
      if (reason === null) {
        reason = document.createElement('span');
        reason.lang = 'en';
        reason.textContent = line.reason;
      }
      parts.push(t('machineNotProven'), reason, t('sentenceEnd'));
    }
    if (line.counterexample) {
      const c = line.counterexample;
      parts.push(t('machineCounterexample', {
        a: c.a, symbol: symbol(op), b: c.b, network: c.network, exact: c.exact, bit: c.firstWrongStep, step: c.firstWrongStep + 1, steps: c.steps,
      }));
    }
    if (!line.proven && line.states <= 12) parts.push(t('machineExplored'));
    help.replaceChildren(...parts);
    const path = [0];
    for (const bit of op.bits) {
      const current = line.machine[path[path.length - 1]];
      const next = current ? current.transitions.find((tr) => tr.a === bit.a && tr.b === bit.b).next : 0;
      path.push(next);
    }
    state.machine = { line, op, path };
    drawMachine();
  }

  const reasonKeys = ['reasonWrongPairs', 'reasonWrongStep', 'reasonTimeLimit'];

  /** A reason `verify` gives (in English) in the page's language, when it is one the table knows; else null. */
  function knownReason(reason) {
    for (const key of reasonKeys) {
      const names = [];
      const pattern = messages.en[key]
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\{(\w+)\}/g, (all, name) => { names.push(name); return '([\\d,.]+)'; });
      const match = new RegExp(`^${pattern}$`).exec(reason);
      if (match) return t(key, Object.fromEntries(names.map((name, i) => [name, match[i + 1]])));
    }
    return null;
  }

  /** The decisive verdict of `verify` on the network in use, how long it took, and a proof's certificate to download. */
  function showVerdict(line) {
    const verdict = line.proven ? 'verdictProven' : line.counterexample ? 'verdictCounterexample' : 'verdictUndecided';
    $('machine-verdict-text').textContent = t(verdict) + t('verdictTime', { ms: number(line.elapsedMs) });
    const link = $('certificate-link');
    link.hidden = !line.certificate;
    if (line.certificate) link.href = line.certificate;
    $('machine-verdict').hidden = false;
  }

  function drawMachine() {
    const canvas = $('machine-canvas');
    const m = state.machine;
    if (!m || state.view !== m.op) return;
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
      label(g, t('machineTooMany', { states: number(n) }), width / 2, height / 2);
      canvas.dataset.states = String(n);
      return;
    }
    const name = stateName(m.op);
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
      arrow.labels.forEach((entry, i) => {
        g.font = entry.active ? 'bold 13px system-ui, sans-serif' : '12px system-ui, sans-serif';
        g.fillStyle = entry.active ? '#c62828' : '#1d2330';
        label(g, entry.text, labelX, labelY + i * 16);
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
      label(g, st.reference === null ? `s${st.state}` : `${line.proven ? '' : '≈ '}${name} ${st.reference}`, p.x, p.y);
      if (st.state === 0) {
        g.fillStyle = '#5b6475';
        g.font = '11px system-ui, sans-serif';
        label(g, t('machineStart'), p.x, p.y + radius + 12);
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
    line.replaceChildren(document.createTextNode(t('networksIntro')));
    ['subtract', 'add'].forEach((op, i) => {
      if (i > 0) line.append(document.createTextNode(' · '));
      const id = state.models[op];
      const name = t(op === 'add' ? 'networkAdd' : 'networkSubtract');
      if (!id) {
        line.append(document.createTextNode(t('networkDefault', { name })));
        return;
      }
      const mine = document.createElement('span');
      mine.className = 'mine';
      mine.textContent = t('networkMine', { name, note: modelNote(id) });
      const reset = document.createElement('button');
      reset.type = 'button';
      reset.textContent = t('useDefault');
      reset.addEventListener('click', () => { state.models[op] = null; showNetworks(); calculate(); });
      line.append(mine, reset);
    });
  }

  const cellNames = { sigmoid: 'sigmoid', tanh: 'tanh', gru: 'GRU', lstm: 'LSTM' };

  function modelNote(id) {
    const note = state.modelNotes[id];
    if (!note) return id;
    const s = note.settings;
    return t('modelNote', {
      cell: cellNames[s.cell] || s.cell, bits: s.bits, hidden: s.hidden, optimizer: t('optimizerName', { name: s.optimizer }), seed: s.seed,
      solvedAt: note.solvedAt === null ? null : number(note.solvedAt), updates: number(note.updates),
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
      fast: f.fast.checked,
      updatesPerSecond: f.slow.checked ? 2000 : null,
    };
    showError('train-error', null);
    $('train-result').hidden = true;
    $('train-button').disabled = true;
    let job;
    try {
      job = await api('/api/train', settings);
    } catch (e) {
      showError('train-error', e);
      $('train-button').disabled = false;
      return;
    }
    state.job = { id: job.id, settings, points: [], done: null, source: null };
    $('stop-button').disabled = false;
    $('train-status').textContent = t('trainStarting');
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
      if (!job.done && job === state.job) $('train-status').textContent = t('trainReconnecting');
    });
  }

  function showProgress(job) {
    const last = job.points[job.points.length - 1];
    const checked = [...job.points].reverse().find((p) => p.accuracy !== null);
    let text = t('progressUpdate', { update: number(last.update), total: number(job.settings.iterations) });
    if (last.smoothedError !== null) text += t('progressError', { error: last.smoothedError.toFixed(3) });
    if (checked) text += t('progressAccuracy', { percent: percent(checked.accuracy), update: number(checked.update) });
    $('train-status').textContent = text;
  }

  async function stopTraining() {
    const job = state.job;
    if (!job || job.done) return;
    $('stop-button').disabled = true;
    $('train-status').textContent = t('trainStopping');
    try {
      await api(`/api/train/${job.id}/stop`, {});
    } catch (e) {
      showError('train-error', e);
    }
  }

  function finishTraining(job) {
    const done = job.done;
    $('train-button').disabled = false;
    $('stop-button').disabled = true;
    if (done.model) {
      state.models[job.settings.operation] = done.model;
      state.modelNotes[done.model] = { settings: job.settings, solvedAt: done.solvedAt, updates: done.updates };
    }
    showTrainingResult(job);
    drawChart();
    if (done.model) {
      showNetworks();
      calculate();
    }
  }

  /** How a job ended, in the page's language, from the fields of its "done" event. */
  function showTrainingResult(job) {
    const done = job.done;
    if (job.points.length) showProgress(job);
    const box = $('train-result');
    box.replaceChildren();
    box.hidden = false;
    box.className = `train-result${done.status === 'solved' ? '' : ' bad'}`;
    box.append(document.createTextNode(doneMessage(job) + t('doneSeconds', { seconds: done.seconds.toFixed(1) })));
    if (!done.model) {
      $('train-status').textContent = t('statusName', { status: done.status });
      return;
    }
    const op = job.settings.operation;
    box.append(document.createTextNode(t('doneUses', { name: t(op === 'add' ? 'operationAdd' : 'operationSubtract') })));
    const link = document.createElement('a');
    link.href = `/api/models/${encodeURIComponent(done.model)}`;
    link.setAttribute('download', '');
    link.id = 'download-link';
    link.textContent = t('downloadModel');
    box.append(link);
    $('train-status').textContent = t('trainDone', { status: t('statusName', { status: done.status }), updates: number(done.updates) });
  }

  function doneMessage(job) {
    const done = job.done;
    const updates = number(done.updates);
    const at = done.solvedAt === null ? null : number(done.solvedAt);
    switch (done.status) {
      case 'failed': return t('doneFailed');
      case 'diverged': return t('doneDiverged', { updates });
      case 'solved': return job.settings.untilSolved ? t('doneSolved', { at }) : t('doneSolvedFrom', { updates, at });
      case 'stopped': return t('doneStopped', { updates });
      case 'time-limit': return t('doneTimeLimit', { updates, seconds: state.limits ? state.limits.jobTimeLimitSeconds : '?' });
      case 'finished': return t('doneFinished', { updates, percent: done.accuracy === null ? null : percent(done.accuracy) });
      default: return done.message;
    }
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
      label(g, String(+(yMax * i / 5).toFixed(3)), pad.left - 6, y);
      g.textAlign = 'left';
      label(g, `${i * 20}%`, pad.left + w + 6, y);
    }
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (let i = 0; i <= 5; i++) {
      const u = (xMax * i) / 5;
      label(g, number(Math.round(u)), X(u), pad.top + h + 6);
    }
    label(g, t('chartUpdates'), pad.left + w / 2, pad.top + h + 22);
    g.save();
    g.translate(14, pad.top + h / 2);
    g.rotate(-Math.PI / 2);
    label(g, t('chartError'), 0, -6);
    g.restore();
    g.save();
    g.translate(width - 12, pad.top + h / 2);
    g.rotate(Math.PI / 2);
    label(g, t('chartAccuracy'), 0, -6);
    g.restore();
    g.strokeStyle = '#9aa3b5';
    g.strokeRect(pad.left, pad.top, w, h);

    if (!points.length) {
      g.fillStyle = '#8a93a6';
      g.textBaseline = 'middle';
      label(g, t(job ? 'chartWaiting' : 'chartIdle'), pad.left + w / 2, pad.top + h / 2);
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
      if (state.view) showMachine(state.view);
    } catch (e) {
      showError('train-error', e);
    }
  }

  function init() {
    document.querySelectorAll('#languages button').forEach((button) => {
      button.addEventListener('click', () => setLanguage(button.dataset.language, true));
    });
    $('run-select').addEventListener('change', (event) => showRun(Number(event.target.value)));
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
      resizing = requestAnimationFrame(() => { drawChart(); if (state.view) { drawHeatmap(); drawMachine(); } });
    });
    setLanguage(preferredLanguage(), false);
    loadInfo();
    calculate();
  }

  init();
})();
