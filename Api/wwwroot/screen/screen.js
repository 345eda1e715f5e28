// Ceremony screen: live turnout per category from the public /turnout endpoint, then the
// result of each category once published, as an SVG bar chart.
import {
  DEFAULT_ELECTION_ID, apiPath, countLabel, createPoller, el, formatNumber, formatPercent, svg,
} from "/shared/common.js";

const TURNOUT_INTERVAL_MS = 2000;

const SCREEN_PHASES = {
  Scheduled: "Vote pas encore ouvert",
  Open: "Vote en cours",
  Closed: "Vote clos",
  Published: "Résultats",
};

const state = {
  electionId: null,
  ballot: null,
  turnout: null,
  results: {},
  // Signature of what each category card shows, so a card is rebuilt only when it changes
  // and the reveal animation plays once.
  renderedSignatures: {},
};

const elements = {
  title: document.getElementById("election-title"),
  registered: document.getElementById("registered"),
  form: document.getElementById("election-form"),
  electionInput: document.getElementById("election-id"),
  connection: document.getElementById("connection-status"),
  categories: document.getElementById("categories"),
};

const poller = createPoller({
  task: refresh,
  intervalMs: TURNOUT_INTERVAL_MS,
  onStop: () => showConnection("error", "Mise à jour arrêtée : le serveur ne répond plus. Rechargez la page."),
});

function showConnection(kind, text) {
  elements.connection.replaceChildren(kind ? el("p", { className: `notice notice-${kind}` }, text) : "");
}

async function fetchJson(path) {
  const response = await fetch(path, { cache: "no-cache" });
  if (!response.ok) {
    const error = new Error(`request for ${path} failed with status ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

async function refresh() {
  try {
    if (!state.ballot) {
      state.ballot = await fetchJson(apiPath(state.electionId));
      elements.title.textContent = state.ballot.title;
      document.title = `${state.ballot.title} – cérémonie`;
    }
    state.turnout = await fetchJson(apiPath(state.electionId, "turnout"));
    const missingResult = state.turnout.categories.some((c) => c.phase === "Published" && !state.results[c.id]);
    if (missingResult) {
      const results = await fetchJson(apiPath(state.electionId, "results"));
      for (const category of results.categories) {
        if (category.phase === "Published") {
          state.results[category.id] = category;
        }
      }
    }
  } catch (error) {
    showConnection(error.status === 404 ? "error" : "warning", error.status === 404
      ? `Élection « ${state.electionId} » introuvable.`
      : "Connexion au serveur perdue, nouvelle tentative…");
    throw error;
  }
  showConnection(null);
  render();
}

function render() {
  const registered = state.turnout.registeredDelegates;
  elements.registered.textContent = `${formatNumber(registered)} délégués inscrits`;
  const cards = state.ballot.categories.map((category) => {
    const turnout = state.turnout.categories.find((c) => c.id === category.id) ?? { phase: "Scheduled", ballots: 0 };
    const result = turnout.phase === "Published" ? state.results[category.id] : null;
    const signature = JSON.stringify([turnout.phase, turnout.ballots, registered, result?.digest ?? null]);
    const existing = document.getElementById(`screen-${category.id}`);
    if (existing && state.renderedSignatures[category.id] === signature) {
      return existing;
    }
    state.renderedSignatures[category.id] = signature;
    return buildCategory(category, turnout, registered, result);
  });
  elements.categories.replaceChildren(...cards);
}

function buildCategory(category, turnout, registered, result) {
  return el("section", {
    className: "card screen-category", id: `screen-${category.id}`, "data-phase": turnout.phase,
    "aria-labelledby": `screen-title-${category.id}`,
  },
  el("h2", { id: `screen-title-${category.id}` }, category.title),
  el("p", { className: `screen-phase screen-phase-${turnout.phase}` }, SCREEN_PHASES[turnout.phase] ?? turnout.phase),
  result ? buildResult(category, result) : buildTurnout(category, turnout, registered));
}

function buildTurnout(category, turnout, registered) {
  return el("div", {},
    el("p", { className: "turnout-figure", "data-testid": `turnout-${category.id}` }, formatNumber(turnout.ballots)),
    el("p", { className: "turnout-detail" },
      `votants sur ${formatNumber(registered)} inscrits (${formatPercent(turnout.ballots, registered)})`),
    el("progress", {
      className: "turnout-progress", max: Math.max(registered, 1), value: Math.min(turnout.ballots, Math.max(registered, 1)),
      "aria-label": `Participation, ${category.title}`,
    }));
}

function buildResult(category, result) {
  const names = new Map(category.finalists.map((f) => [f.id, f.name]));
  const finalists = [...result.finalists].sort((a, b) => b.votes - a.votes);
  const topVotes = finalists[0]?.votes ?? 0;
  const winners = finalists.filter((f) => f.votes === topVotes && topVotes > 0).map((f) => names.get(f.id) ?? f.id);
  let headline = "Aucun vote";
  if (winners.length === 1) {
    headline = `Lauréat : ${winners[0]}`;
  } else if (winners.length > 1) {
    headline = `Ex æquo : ${winners.join(", ")}`;
  }
  return el("div", {},
    el("p", { className: "winner", "data-testid": `winner-${category.id}` }, headline),
    buildChart(category, finalists, names, result.ballots, topVotes),
    el("p", { className: "turnout-detail" }, countLabel(result.ballots, "bulletin", "bulletins")),
    el("p", { className: "digest mono" }, `Empreinte SHA-256 de l’urne : ${result.digest}`));
}

function buildChart(category, finalists, names, ballots, topVotes) {
  // The chart scales to its card, so sizes are in viewBox units sized for a ~400 px card.
  const rowHeight = 48;
  const labelWidth = 150;
  const valueWidth = 140;
  const chartWidth = 480;
  const barSpace = chartWidth - labelWidth - valueWidth;
  const height = Math.max(rowHeight, finalists.length * rowHeight);
  const chart = svg("svg", {
    class: "results-chart", viewBox: `0 0 ${chartWidth} ${height}`, role: "img",
    "aria-labelledby": `chart-title-${category.id}`,
  }, svg("title", { id: `chart-title-${category.id}` }, `Résultats, ${category.title}`));
  finalists.forEach((finalist, index) => {
    const y = index * rowHeight;
    const width = topVotes > 0 ? (finalist.votes / topVotes) * barSpace : 0;
    const name = names.get(finalist.id) ?? finalist.id;
    const label = svg("text", { class: "bar-label", x: 0, y: y + rowHeight / 2 + 5 }, truncate(name, 13));
    const bar = svg("rect", {
      class: finalist.votes === topVotes && topVotes > 0 ? "bar bar-winner" : "bar",
      x: labelWidth, y: y + 8, width: Math.max(width, 2), height: rowHeight - 16, rx: 4,
    });
    const value = svg("text", { class: "bar-value", x: labelWidth + Math.max(width, 2) + 8, y: y + rowHeight / 2 + 5 },
      `${formatNumber(finalist.votes)} (${formatPercent(finalist.votes, ballots)})`);
    chart.append(svg("g", { "data-finalist": finalist.id }, svg("title", {}, name), label, bar, value));
  });
  return chart;
}

function truncate(text, length) {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function startScreen() {
  const requested = new URLSearchParams(location.search).get("election");
  if (!requested) {
    elements.electionInput.value = DEFAULT_ELECTION_ID;
    elements.form.hidden = false;
    elements.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const electionId = elements.electionInput.value.trim();
      if (electionId) {
        location.search = `?election=${encodeURIComponent(electionId)}`;
      }
    });
    return;
  }
  state.electionId = requested;
  poller.start();
}

startScreen();
