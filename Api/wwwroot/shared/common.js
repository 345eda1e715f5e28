// Helpers shared by the voting page, the ceremony screen and the operator console.
// Every page builds its DOM with el() and textContent, never innerHTML, so ballot text
// cannot inject markup.

export const DEFAULT_ELECTION_ID = "prix-innovation-2025";

export const PHASE_LABELS = {
  Scheduled: "Pas encore ouvert",
  Open: "Vote ouvert",
  Closed: "Vote clos",
  Published: "Résultats publiés",
};

const numberFormat = new Intl.NumberFormat("fr-FR");
const percentFormat = new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits: 1 });

export function formatNumber(value) {
  return numberFormat.format(value);
}

/** Formats a count with its noun, singular for 0 and 1 as French grammar requires. */
export function countLabel(count, singular, plural) {
  return `${numberFormat.format(count)} ${count > 1 ? plural : singular}`;
}

export function formatPercent(part, whole) {
  return whole > 0 ? percentFormat.format(part / whole) : "–";
}

/** Creates an element. Attributes starting with "on" and given a function become event listeners. */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "className") {
      element.className = value;
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  appendChildren(element, children);
  return element;
}

/** Creates an SVG element with the given attributes. */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, String(value));
  }
  appendChildren(element, children);
  return element;
}

function appendChildren(element, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function apiPath(electionId, ...segments) {
  const parts = ["api", "elections", electionId, ...segments].map(encodeURIComponent);
  return "/" + parts.join("/");
}

/**
 * Decodes a JWT's payload without verifying it. The server verifies every request;
 * the pages read the claims only to find the election id, role and expiry.
 */
export function decodeJwtPayload(token) {
  const parts = typeof token === "string" ? token.split(".") : [];
  if (parts.length !== 3) {
    return null;
  }
  try {
    const base64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder().decode(bytes));
    return payload && typeof payload === "object" ? payload : null;
  } catch {
    return null;
  }
}

/** Returns true when the claims carry an expiry (seconds since the epoch) that has passed. */
export function isExpired(claims, nowMs = Date.now()) {
  return typeof claims.exp === "number" && claims.exp * 1000 <= nowMs;
}

/**
 * Reads an RFC 9457 problem from a failed response. `kind` is the last segment of the
 * problem type (for example "already-voted"), which the pages map to their own French text.
 */
export async function readProblem(response) {
  let body = {};
  const contentType = response.headers.get("Content-Type") ?? "";
  if (contentType.includes("json")) {
    try {
      body = await response.json();
    } catch {
      body = {};
    }
  }
  const type = typeof body.type === "string" ? body.type : "";
  const kind = type.split(/[/#]/).filter(Boolean).pop() ?? "";
  return {
    status: response.status,
    kind,
    title: typeof body.title === "string" ? body.title : "",
    detail: typeof body.detail === "string" ? body.detail : "",
    errors: body.errors ?? null,
  };
}

/** Returns the delay in milliseconds requested by a Retry-After header, or null. */
export function retryAfterMs(response, nowMs = Date.now()) {
  const header = response.headers.get("Retry-After");
  if (!header) {
    return null;
  }
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) {
    return seconds * 1000;
  }
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/** Returns a random version 4 UUID, also outside secure contexts, where crypto.randomUUID is missing. */
export function randomUuid() {
  if (typeof crypto.randomUUID === "function") {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Runs `task` repeatedly while the page is visible. After a failure the delay doubles up
 * to `maxIntervalMs`. After `maxFailures` failures in a row the poller stops and calls
 * `onStop`, so a page left open against a dead server does not poll forever.
 */
export function createPoller({ task, intervalMs, maxIntervalMs = 30000, maxFailures = 40, onStop }) {
  let timer = null;
  let failures = 0;
  let running = false;
  let stopped = true;

  async function tick() {
    timer = null;
    if (stopped || document.hidden) {
      return;
    }
    running = true;
    let delay = intervalMs;
    try {
      await task();
      failures = 0;
    } catch {
      failures += 1;
      delay = Math.min(maxIntervalMs, intervalMs * 2 ** failures);
    } finally {
      running = false;
    }
    if (failures >= maxFailures) {
      stopped = true;
      onStop?.();
      return;
    }
    schedule(delay);
  }

  function schedule(delay) {
    if (!stopped && !document.hidden && timer === null && !running) {
      timer = setTimeout(tick, delay);
    }
  }

  document.addEventListener("visibilitychange", () => {
    if (document.hidden) {
      clearTimeout(timer);
      timer = null;
    } else {
      schedule(0);
    }
  });

  return {
    /** Starts polling, with the first run after `delayMs` (immediately by default). */
    start(delayMs = 0) {
      stopped = false;
      failures = 0;
      schedule(delayMs);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      timer = null;
    },
    /** Runs the task now instead of waiting for the next interval. */
    refresh() {
      if (!stopped && !running) {
        clearTimeout(timer);
        timer = null;
        schedule(0);
      }
    },
  };
}
