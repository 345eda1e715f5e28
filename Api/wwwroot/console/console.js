// Operator console: sign-in, live dashboard (phases, turnout, votes per second, live counts,
// silos) and phase changes. Audit, delegates and export are in tools.js.
import {
  DEFAULT_ELECTION_ID, PHASE_LABELS, apiPath, countLabel, createPoller, el, formatNumber, formatPercent, readProblem,
} from "/shared/common.js";
import {
  clearSession, credentialRole, operatorFetch, operatorJson, saveSession, session,
} from "/console/operator-api.js";
import { confirmAction, initTools, showNotice } from "/console/tools.js";

const POLL_INTERVAL_MS = 2000;
const SILO_POLL_EVERY = 5;
// Votes per second is the ballot count difference over the samples of this window.
const RATE_WINDOW_MS = 10000;

const ACTIONS = {
  open: { label: "Ouvrir", from: "Scheduled", question: "Ouvrir le vote", warning: "Les délégués pourront voter." },
  close: {
    label: "Clore", from: "Open", question: "Clore le vote",
    warning: "Les votes qui arrivent après la clôture seront refusés. Action irréversible.",
  },
  publish: {
    label: "Publier", from: "Closed", question: "Publier les résultats",
    warning: "Les résultats deviennent publics et s’affichent sur l’écran de cérémonie. Action irréversible.",
  },
};

const state = {
  ballot: null,
  turnout: null,
  results: null,
  samples: [],
  ticks: 0,
  silosAvailable: true,
};

const $ = (id) => document.getElementById(id);

const poller = createPoller({
  task: refresh,
  intervalMs: POLL_INTERVAL_MS,
  onStop: () => showNotice($("poll-status"), "error", "Mise à jour arrêtée : le serveur ne répond plus. Rechargez la page."),
});

function categoryTitle(categoryId) {
  return state.ballot?.categories.find((c) => c.id === categoryId)?.title ?? categoryId;
}

async function signIn(token, electionId) {
  const status = $("sign-in-status");
  const role = credentialRole(token);
  if (role !== null && role !== "operator") {
    showNotice(status, "error", `Ce jeton a le rôle « ${role} » : un jeton opérateur est nécessaire.`);
    return;
  }
  saveSession(token, electionId);
  const response = await fetch(apiPath(electionId), { cache: "no-cache" }).catch(() => null);
  if (!response || !response.ok) {
    showNotice(status, "error", response?.status === 404
      ? `Élection « ${electionId} » introuvable.`
      : "Le bulletin n’a pas pu être chargé.");
    return;
  }
  state.ballot = await response.json();
  try {
    await refresh();
  } catch (error) {
    showNotice(status, "error", error.message);
    return;
  }
  showNotice(status, "success", "Connecté.");
  $("sign-out").hidden = false;
  $("dashboard").hidden = false;
  $("election-heading").textContent = `${state.ballot.title} (${electionId})`;
  poller.start();
}

async function refresh() {
  const [turnoutResponse, results] = await Promise.all([
    fetch(apiPath(session.electionId, "turnout"), { cache: "no-store" }),
    operatorJson(["results"]),
  ]);
  if (!turnoutResponse.ok) {
    throw new Error(`La participation n’a pas pu être lue (HTTP ${turnoutResponse.status}).`);
  }
  state.turnout = await turnoutResponse.json();
  state.results = results;
  recordSample();
  if (state.ticks % SILO_POLL_EVERY === 0) {
    await refreshHealth();
    if (state.silosAvailable) {
      await refreshSilos();
    }
  }
  state.ticks += 1;
  showNotice($("poll-status"), null);
  render();
}

function recordSample() {
  const now = performance.now();
  const total = state.turnout.categories.reduce((sum, c) => sum + c.ballots, 0);
  state.samples.push({ time: now, total });
  while (state.samples.length > 2 && now - state.samples[0].time > RATE_WINDOW_MS) {
    state.samples.shift();
  }
}

function votesPerSecond() {
  if (state.samples.length < 2) {
    return null;
  }
  const first = state.samples[0];
  const last = state.samples[state.samples.length - 1];
  const seconds = (last.time - first.time) / 1000;
  return seconds > 0 ? Math.max(0, (last.total - first.total) / seconds) : null;
}

function render() {
  const registered = state.turnout.registeredDelegates;
  const total = state.turnout.categories.reduce((sum, c) => sum + c.ballots, 0);
  const rate = votesPerSecond();
  $("stat-registered").textContent = formatNumber(registered);
  $("stat-ballots").textContent = formatNumber(total);
  $("stat-rate").textContent = rate === null ? "–" : rate.toLocaleString("fr-FR", { maximumFractionDigits: 1 });
  $("stat-updated").textContent = new Date().toLocaleTimeString("fr-FR");
  renderPhases(registered);
  renderCounts();
}

function renderPhases(registered) {
  const rows = state.turnout.categories.map((category) => {
    const actions = Object.entries(ACTIONS).map(([action, definition]) => el("button", {
      type: "button", className: action === "close" ? "button button-danger" : "button",
      disabled: category.phase !== definition.from,
      "data-action": action, "data-category": category.id,
      "aria-label": `${definition.label} : ${categoryTitle(category.id)}`,
    }, definition.label));
    return el("tr", { "data-category": category.id },
      el("th", { scope: "row" }, categoryTitle(category.id)),
      el("td", {}, el("span", { className: `badge phase-${category.phase}`, "data-testid": `phase-${category.id}` },
        PHASE_LABELS[category.phase] ?? category.phase)),
      el("td", { className: "number" }, formatNumber(category.ballots)),
      el("td", { className: "number" }, formatPercent(category.ballots, registered)),
      el("td", {}, el("div", { className: "phase-actions" }, actions)));
  });
  const focusedId = document.activeElement?.closest("#phase-rows")
    ? [document.activeElement.dataset.action, document.activeElement.dataset.category] : null;
  $("phase-rows").replaceChildren(...rows);
  if (focusedId) {
    document.querySelector(`#phase-rows button[data-action="${focusedId[0]}"][data-category="${focusedId[1]}"]`)?.focus();
  }
}

function renderCounts() {
  const names = new Map(state.ballot.categories.flatMap((c) => c.finalists.map((f) => [`${c.id}/${f.id}`, f.name])));
  const blocks = state.results.categories.map((category) => el("div", { className: "counts-category" },
    el("h3", {}, `${categoryTitle(category.id)} – ${countLabel(category.ballots, "bulletin", "bulletins")}`),
    el("div", { className: "table-scroll" }, el("table", {},
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Finaliste"),
        el("th", { scope: "col", className: "number" }, "Voix"), el("th", { scope: "col", className: "number" }, "Part"))),
      el("tbody", {}, category.finalists.map((finalist) => el("tr", {},
        el("th", { scope: "row" }, names.get(`${category.id}/${finalist.id}`) ?? finalist.id),
        el("td", { className: "number" }, formatNumber(finalist.votes)),
        el("td", { className: "number" }, formatPercent(finalist.votes, category.ballots)))))))));
  $("live-counts").replaceChildren(...blocks);
}

/** Shows whether the Api reaches the cluster, from its readiness probe (a grain call). */
async function refreshHealth() {
  const target = $("cluster-health");
  const response = await fetch("/health/ready", { cache: "no-store" }).catch(() => null);
  if (response?.ok) {
    showNotice(target, "success", "Cluster prêt : l’Api joint les silos.");
    return;
  }
  const problem = response ? await readProblem(response) : null;
  const detail = problem?.detail ? ` Détail du serveur : ${problem.detail}` : "";
  showNotice(target, "error", response
    ? `Cluster indisponible (HTTP ${response.status}).${detail}`
    : "Api injoignable (réseau coupé ?).");
}

async function refreshSilos() {
  const target = $("silos");
  let response;
  try {
    response = await fetch("/api/cluster/silos", { cache: "no-store", headers: { Authorization: `Bearer ${session.token}` } });
  } catch {
    showNotice(target, "warning", "Liste des silos injoignable pour le moment.");
    return;
  }
  if (response.status === 404) {
    state.silosAvailable = false;
    showNotice(target, "info", "Liste des silos non disponible sur ce serveur.");
    return;
  }
  if (!response.ok) {
    showNotice(target, "warning", `Liste des silos indisponible (HTTP ${response.status}).`);
    return;
  }
  const silos = await response.json();
  target.replaceChildren(el("div", { className: "table-scroll" }, el("table", {},
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Adresse"), el("th", { scope: "col" }, "État"),
      el("th", { scope: "col" }, "Démarré"))),
    el("tbody", {}, silos.map((silo) => el("tr", {},
      el("td", { className: "mono" }, silo.address),
      el("td", {}, silo.status),
      el("td", {}, silo.startedAt ? new Date(silo.startedAt).toLocaleString("fr-FR") : "–")))))));
}

async function changePhase(action, categoryId) {
  const definition = ACTIONS[action];
  const scope = categoryId ? `« ${categoryTitle(categoryId)} »` : "toutes les catégories";
  const confirmed = await confirmAction(`${definition.question} : ${scope} ?`, definition.warning, definition.label);
  if (!confirmed) {
    return;
  }
  const segments = categoryId ? ["categories", categoryId, action] : [action];
  const status = $("phase-status");
  try {
    await operatorFetch(segments, { method: "POST" });
    showNotice(status, "success", `${definition.label} : ${scope}, fait.`);
  } catch (error) {
    showNotice(status, "error", error.message);
  }
  poller.refresh();
}

function initSignIn() {
  $("operator-token").value = session.token ?? "";
  $("election-id").value = session.electionId ?? DEFAULT_ELECTION_ID;
  $("sign-in-form").addEventListener("submit", (event) => {
    event.preventDefault();
    signIn($("operator-token").value.trim(), $("election-id").value.trim());
  });
  $("sign-out").addEventListener("click", () => {
    clearSession();
    location.reload();
  });
  if (session.token && session.electionId) {
    signIn(session.token, session.electionId);
  }
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (button && !button.disabled) {
    changePhase(button.dataset.action, button.dataset.category ?? null);
  }
});

initTools(() => state.ballot);
initSignIn();
