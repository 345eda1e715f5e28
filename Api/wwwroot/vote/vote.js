// Delegate voting page. The credential arrives in the URL fragment (#token=…), which
// browsers never send to servers or put in referrers; the page moves it to localStorage
// and removes it from the address bar. The credential is never logged.
import {
  PHASE_LABELS, apiPath, createPoller, decodeJwtPayload, el, isExpired, randomUuid, readProblem, retryAfterMs,
} from "/shared/common.js";

const CREDENTIAL_KEY = "voting.credential";
const STATUS_INTERVAL_MS = 15000;
const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 30000;
// Automatic retries of one pending vote before the page asks the delegate to retry by hand.
// The `online` event and the page becoming visible again restart the count.
const MAX_AUTOMATIC_RETRIES = 12;

const state = {
  token: null,
  electionId: null,
  delegateId: null,
  ballot: null,
  phases: {},
  voted: {},
  // Pending votes by category id: { finalistId, idempotencyKey }. Stored before the first
  // send so a reload or a network drop retries with the same key.
  pending: {},
  receipts: {},
  selections: {},
  confirming: null,
  messages: {},
  retry: {},
  credentialRejected: false,
};

const elements = {
  title: document.getElementById("election-title"),
  delegateName: document.getElementById("delegate-name"),
  connection: document.getElementById("connection-status"),
  pageStatus: document.getElementById("page-status"),
  categories: document.getElementById("categories"),
  footer: document.getElementById("footer"),
  forget: document.getElementById("forget-credential"),
};

const statusPoller = createPoller({ task: refreshStatus, intervalMs: STATUS_INTERVAL_MS });

function takeCredentialFromFragment() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get("token");
  if (token) {
    localStorage.setItem(CREDENTIAL_KEY, token);
    history.replaceState(null, "", location.pathname + location.search);
  }
}

function storageKey(kind) {
  return `voting.${kind}.${state.electionId}.${state.delegateId}`;
}

function loadStored(kind) {
  try {
    const value = JSON.parse(localStorage.getItem(storageKey(kind)) ?? "{}");
    return value && typeof value === "object" ? value : {};
  } catch {
    return {};
  }
}

function saveStored(kind, value) {
  localStorage.setItem(storageKey(kind), JSON.stringify(value));
}

function showPageStatus(kind, ...paragraphs) {
  elements.pageStatus.replaceChildren(
    kind ? el("div", { className: `notice notice-${kind}`, role: kind === "error" ? "alert" : null },
      ...paragraphs.map((text) => el("p", {}, text))) : "");
}

function authorizedFetch(path, options = {}) {
  return fetch(path, {
    ...options,
    cache: "no-store",
    headers: { ...options.headers, Authorization: `Bearer ${state.token}` },
  });
}

function rejectCredential() {
  state.credentialRejected = true;
  statusPoller.stop();
  showPageStatus("error",
    "Votre lien de vote n’est plus valide (expiré, remplacé ou destiné à une autre élection).",
    "Demandez un nouveau lien à l’accueil, puis ouvrez-le sur cet appareil. " +
    "Un vote en attente sera alors envoyé automatiquement.");
  renderCategories();
}

async function start() {
  takeCredentialFromFragment();
  state.token = localStorage.getItem(CREDENTIAL_KEY);
  const claims = decodeJwtPayload(state.token);
  if (!state.token || !claims) {
    showPageStatus("info",
      "Pour voter, ouvrez le lien personnel qui vous a été remis (QR code ou adresse imprimée).");
    return;
  }
  if (claims.role !== "delegate" || typeof claims.election !== "string" || typeof claims.sub !== "string") {
    showPageStatus("error", "Ce lien n’est pas un lien de vote de délégué.");
    return;
  }
  state.electionId = claims.election;
  state.delegateId = claims.sub;
  elements.footer.hidden = false;
  if (isExpired(claims)) {
    rejectCredential();
    return;
  }

  state.pending = loadStored("pending");
  state.receipts = loadStored("receipts");
  await loadBallot();
}

async function loadBallot(attempt = 0) {
  try {
    const response = await fetch(apiPath(state.electionId));
    if (!response.ok) {
      const problem = await readProblem(response);
      if (response.status === 404) {
        showPageStatus("error", "Cette élection est introuvable. Vérifiez le lien reçu.");
        return;
      }
      throw new Error(`ballot request failed with status ${problem.status}`);
    }
    state.ballot = await response.json();
  } catch {
    const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempt);
    showPageStatus(navigator.onLine ? "error" : "warning",
      navigator.onLine ? "Le bulletin n’a pas pu être chargé." : "Vous êtes hors ligne.",
      "Nouvel essai automatique dans quelques secondes.");
    if (attempt < MAX_AUTOMATIC_RETRIES) {
      setTimeout(() => loadBallot(attempt + 1), delay);
    }
    return;
  }

  elements.title.textContent = state.ballot.title;
  document.title = `${state.ballot.title} – vote`;
  for (const category of state.ballot.categories) {
    state.phases[category.id] = category.phase;
  }
  showPageStatus(null);
  renderCategories();
  await refreshStatus().catch(() => {});
  statusPoller.start(STATUS_INTERVAL_MS);
  sendAllPending();
}

/** Reads the delegate's status per category; throws on failure so the poller backs off. */
async function refreshStatus() {
  if (state.credentialRejected) {
    return;
  }
  const response = await authorizedFetch(apiPath(state.electionId, "me"));
  if (response.status === 401) {
    rejectCredential();
    return;
  }
  if (!response.ok) {
    throw new Error(`status request failed with status ${response.status}`);
  }
  const me = await response.json();
  elements.delegateName.textContent = `Délégué : ${me.displayName}`;
  elements.delegateName.hidden = !me.displayName;
  let changed = false;
  for (const category of me.categories) {
    if (state.phases[category.id] !== category.phase || Boolean(state.voted[category.id]) !== category.voted) {
      changed = true;
    }
    state.phases[category.id] = category.phase;
    state.voted[category.id] = category.voted;
  }
  if (changed) {
    renderCategories();
  }
}

function confirmChoice(categoryId) {
  const finalistId = state.selections[categoryId];
  if (!finalistId) {
    state.messages[categoryId] = { kind: "error", text: "Choisissez d’abord un finaliste." };
    renderCategory(categoryId, `choices-${categoryId}`);
    return;
  }
  state.confirming = categoryId;
  delete state.messages[categoryId];
  renderCategory(categoryId, `confirm-${categoryId}`);
}

function castVote(categoryId) {
  const finalistId = state.selections[categoryId];
  state.confirming = null;
  state.pending[categoryId] = { finalistId, idempotencyKey: randomUuid() };
  saveStored("pending", state.pending);
  sendVote(categoryId);
}

function finishPending(categoryId) {
  delete state.pending[categoryId];
  saveStored("pending", state.pending);
  clearTimeout(state.retry[categoryId]?.timer);
  delete state.retry[categoryId];
  delete state.selections[categoryId];
}

async function sendVote(categoryId) {
  const pending = state.pending[categoryId];
  const retry = (state.retry[categoryId] ??= { attempts: 0, timer: null, inFlight: false });
  if (!pending || retry.inFlight || state.credentialRejected) {
    return;
  }
  clearTimeout(retry.timer);
  retry.timer = null;
  retry.inFlight = true;
  retry.waitingMs = null;
  renderCategory(categoryId);

  let response;
  try {
    response = await authorizedFetch(apiPath(state.electionId, "categories", categoryId, "votes"), {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": pending.idempotencyKey },
      body: JSON.stringify({ finalistId: pending.finalistId }),
    });
  } catch {
    retry.inFlight = false;
    scheduleRetry(categoryId, null);
    return;
  }
  retry.inFlight = false;

  if (response.ok) {
    const result = await response.json().catch(() => ({}));
    finishPending(categoryId);
    state.voted[categoryId] = true;
    if (result.receipt) {
      state.receipts[categoryId] = result.receipt;
      saveStored("receipts", state.receipts);
    }
    state.messages[categoryId] = result.status === "already-recorded" && !state.receipts[categoryId]
      ? { kind: "info", text: "Votre vote était déjà enregistré." }
      : null;
    renderCategory(categoryId, `result-${categoryId}`);
    return;
  }

  const problem = await readProblem(response);
  if (response.status === 503 || response.status === 429 || response.status === 408 || response.status >= 500) {
    scheduleRetry(categoryId, retryAfterMs(response));
    return;
  }
  if (response.status === 401 || problem.kind === "invalid-credential") {
    rejectCredential();
    return;
  }
  handleRejectedVote(categoryId, problem);
}

function handleRejectedVote(categoryId, problem) {
  finishPending(categoryId);
  switch (problem.kind) {
    case "already-voted":
      state.voted[categoryId] = true;
      state.messages[categoryId] = {
        kind: "info",
        text: "Un vote avait déjà été enregistré pour vous dans cette catégorie ; ce nouveau choix n’a pas été compté.",
      };
      break;
    case "category-not-open":
      state.messages[categoryId] = {
        kind: "error",
        text: "Ce vote n’est pas ouvert (pas encore ouvert ou déjà clos) : votre choix n’a pas été compté.",
      };
      statusPoller.refresh();
      break;
    case "not-found":
      state.messages[categoryId] = {
        kind: "error",
        text: "Ce choix ne figure plus sur le bulletin. Rechargez la page puis votez à nouveau.",
      };
      break;
    default:
      state.messages[categoryId] = {
        kind: "error",
        text: `Le vote a été refusé (erreur ${problem.status}). Rechargez la page puis réessayez.`,
      };
  }
  renderCategory(categoryId, `result-${categoryId}`);
}

function scheduleRetry(categoryId, requestedDelayMs) {
  const retry = state.retry[categoryId];
  retry.attempts += 1;
  if (retry.attempts > MAX_AUTOMATIC_RETRIES) {
    retry.waitingMs = null;
    renderCategory(categoryId);
    return;
  }
  const backoff = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (retry.attempts - 1));
  const jittered = backoff / 2 + Math.random() * (backoff / 2);
  const delay = Math.max(jittered, requestedDelayMs ?? 0);
  retry.waitingMs = delay;
  if (!document.hidden) {
    retry.timer = setTimeout(() => sendVote(categoryId), delay);
  }
  renderCategory(categoryId);
}

/** Sends every pending vote now with its stored key, restarting the automatic retry count. */
function sendAllPending() {
  for (const categoryId of Object.keys(state.pending)) {
    const retry = state.retry[categoryId];
    if (retry) {
      retry.attempts = 0;
    }
    sendVote(categoryId);
  }
}

function renderCategories() {
  if (!state.ballot) {
    return;
  }
  elements.categories.replaceChildren(...state.ballot.categories.map(buildCategory));
}

/** Re-renders one category and optionally moves the focus to the element with `focusId`. */
function renderCategory(categoryId, focusId) {
  const category = state.ballot?.categories.find((c) => c.id === categoryId);
  const existing = document.getElementById(`category-${categoryId}`);
  if (!category || !existing) {
    return;
  }
  existing.replaceWith(buildCategory(category));
  if (focusId) {
    document.getElementById(focusId)?.focus();
  }
}

function buildCategory(category) {
  const phase = state.phases[category.id] ?? category.phase;
  const message = state.messages[category.id];
  return el("section", { className: "card", id: `category-${category.id}`, "aria-labelledby": `title-${category.id}` },
    el("div", { className: "category-header" },
      el("h2", { id: `title-${category.id}` }, category.title),
      el("span", { className: `badge phase-${phase}` }, PHASE_LABELS[phase] ?? phase)),
    category.description ? el("p", { className: "category-description" }, category.description) : null,
    message ? el("div", { className: `notice notice-${message.kind}`, role: "alert" }, el("p", {}, message.text)) : null,
    buildCategoryBody(category, phase));
}

function buildCategoryBody(category, phase) {
  if (state.pending[category.id]) {
    return buildPending(category);
  }
  if (state.voted[category.id] || state.receipts[category.id]) {
    return buildVoted(category);
  }
  if (phase === "Scheduled") {
    return el("div", {},
      el("p", { className: "notice notice-info" }, "Le vote n’est pas encore ouvert. Découvrez les finalistes :"),
      el("div", {}, category.finalists.map((finalist) => buildFinalist(category, finalist, false))));
  }
  if (phase !== "Open") {
    return el("p", { className: "notice notice-warning" },
      phase === "Published"
        ? "Le vote est clos et les résultats sont publiés."
        : "Le vote est clos pour cette catégorie.");
  }
  if (state.credentialRejected) {
    return null;
  }
  return state.confirming === category.id ? buildConfirmation(category) : buildChoices(category);
}

function buildChoices(category) {
  return el("form", { onsubmit: (event) => { event.preventDefault(); confirmChoice(category.id); } },
    el("fieldset", { id: `choices-${category.id}`, tabindex: "-1" },
      el("legend", {}, "Choisissez un finaliste"),
      category.finalists.map((finalist) => buildFinalist(category, finalist, true))),
    el("div", { className: "button-row" },
      el("button", { type: "submit", className: "button button-primary" }, "Valider mon choix")));
}

function buildFinalist(category, finalist, selectable) {
  const inputId = `finalist-${category.id}-${finalist.id}`;
  const detailsId = `${inputId}-details`;
  const name = [
    el("span", { className: "finalist-name" }, finalist.name),
    finalist.isExample ? el("span", { className: "badge example-badge" }, "Exemple") : null,
  ];
  const details = el("div", { className: "finalist-details", id: detailsId },
    finalist.projects.map((project) => el("div", { className: "project" },
      el("p", { className: "project-title" }, project.title),
      el("p", { className: "project-summary" }, project.summary),
      project.videoUrl
        ? el("a", {
          className: "video-link", href: project.videoUrl, target: "_blank", rel: "noopener noreferrer",
        }, `Voir la vidéo : ${project.title}`, el("span", { className: "visually-hidden" }, " (nouvel onglet)"))
        : null)));
  if (!selectable) {
    return el("div", { className: "finalist finalist-readonly" }, el("h3", {}, name), details);
  }
  const input = el("input", {
    type: "radio", name: `choice-${category.id}`, id: inputId, value: finalist.id,
    checked: state.selections[category.id] === finalist.id, "aria-describedby": detailsId,
    onchange: () => { state.selections[category.id] = finalist.id; },
  });
  return el("div", { className: "finalist" },
    el("label", { className: "finalist-choice", for: inputId }, input, el("span", {}, name)),
    details);
}

function finalistName(category, finalistId) {
  return category.finalists.find((f) => f.id === finalistId)?.name ?? finalistId;
}

function buildConfirmation(category) {
  const name = finalistName(category, state.selections[category.id]);
  return el("div", { className: "confirm-panel", id: `confirm-${category.id}`, tabindex: "-1", role: "group",
    "aria-labelledby": `confirm-text-${category.id}` },
  el("p", { id: `confirm-text-${category.id}` },
    "Vous allez voter pour ", el("strong", {}, name), ` dans « ${category.title} ». Ce choix est définitif.`),
  el("div", { className: "button-row" },
    el("button", { type: "button", className: "button button-primary", onclick: () => castVote(category.id) },
      "Confirmer mon vote"),
    el("button", { type: "button", className: "button", onclick: () => {
      state.confirming = null;
      renderCategory(category.id, `choices-${category.id}`);
    } }, "Modifier mon choix")));
}

function buildPending(category) {
  const pending = state.pending[category.id];
  const retry = state.retry[category.id];
  const name = finalistName(category, pending.finalistId);
  let text;
  let kind = "warning";
  if (state.credentialRejected) {
    text = "Votre vote n’est pas encore envoyé : il le sera avec votre nouveau lien.";
  } else if (retry?.inFlight) {
    text = "Envoi de votre vote…";
    kind = "info";
  } else if (!navigator.onLine) {
    text = "Vous êtes hors ligne. Votre vote sera envoyé automatiquement dès le retour du réseau.";
  } else if (retry && retry.attempts > MAX_AUTOMATIC_RETRIES) {
    text = "L’envoi a échoué plusieurs fois. Votre vote n’est pas encore compté : réessayez.";
    kind = "error";
  } else if (retry?.waitingMs) {
    text = `Le serveur n’a pas pu enregistrer votre vote. Nouvel essai dans ${Math.ceil(retry.waitingMs / 1000)} s.`;
  } else {
    text = "Votre vote est en attente d’envoi.";
  }
  return el("div", { id: `result-${category.id}`, tabindex: "-1" },
    el("div", { className: `notice notice-${kind}`, role: "status" },
      el("p", {}, "Choix : ", el("strong", {}, name)),
      el("p", {}, text)),
    retry?.inFlight || state.credentialRejected ? null : el("div", { className: "button-row" },
      el("button", { type: "button", className: "button", onclick: () => {
        if (state.retry[category.id]) {
          state.retry[category.id].attempts = 0;
        }
        sendVote(category.id);
      } }, "Réessayer maintenant")));
}

function buildVoted(category) {
  const receipt = state.receipts[category.id];
  return el("div", { id: `result-${category.id}`, tabindex: "-1", className: "notice notice-success" },
    el("p", {}, el("strong", {}, "Votre vote est enregistré.")),
    receipt
      ? [
        el("p", {}, "Reçu : ", el("span", { className: "mono receipt", "data-testid": "receipt" }, receipt)),
        el("p", { className: "hint" },
          "Conservez ce reçu : après la publication des résultats, il permet de vérifier que votre bulletin est dans l’urne."),
      ]
      : el("p", { className: "hint" }, "Le reçu a été affiché sur l’appareil utilisé pour voter."));
}

function renderConnection() {
  elements.connection.replaceChildren(navigator.onLine
    ? ""
    : el("p", { className: "notice notice-warning" },
      "Vous êtes hors ligne. Les votes en attente seront envoyés au retour du réseau."));
}

window.addEventListener("online", () => {
  renderConnection();
  sendAllPending();
  statusPoller.refresh();
});
window.addEventListener("offline", () => {
  renderConnection();
  renderCategories();
});
document.addEventListener("visibilitychange", () => {
  if (!document.hidden && state.ballot) {
    sendAllPending();
  }
});
elements.forget.addEventListener("click", () => {
  localStorage.removeItem(CREDENTIAL_KEY);
  location.replace(location.pathname);
});

renderConnection();
start();
