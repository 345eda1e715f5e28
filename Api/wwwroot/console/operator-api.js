// Operator session: the operator credential and election id live in sessionStorage, so
// they last for this tab only. Every request sends the credential as a Bearer token.
import { apiPath, decodeJwtPayload, readProblem } from "/shared/common.js";

const CREDENTIAL_KEY = "voting.operatorCredential";
const ELECTION_KEY = "voting.operatorElection";

export const session = {
  token: sessionStorage.getItem(CREDENTIAL_KEY),
  electionId: sessionStorage.getItem(ELECTION_KEY),
};

export function saveSession(token, electionId) {
  session.token = token;
  session.electionId = electionId;
  sessionStorage.setItem(CREDENTIAL_KEY, token);
  sessionStorage.setItem(ELECTION_KEY, electionId);
}

export function clearSession() {
  session.token = null;
  sessionStorage.removeItem(CREDENTIAL_KEY);
}

/** Returns the role claim of a credential, or null when it is not a readable JWT. */
export function credentialRole(token) {
  return decodeJwtPayload(token)?.role ?? null;
}

/** An HTTP failure with the server's problem details and a French summary for the page. */
export class OperatorApiError extends Error {
  constructor(problem, message) {
    super(message);
    this.problem = problem;
  }
}

const FRENCH_PROBLEMS = {
  "invalid-credential": "Jeton opérateur refusé (invalide, expiré ou sans le rôle opérateur).",
  "not-found": "Élément introuvable.",
  overloaded: "Serveur surchargé, réessayez dans quelques secondes.",
};

function describeProblem(problem) {
  if (problem.status === 401 || problem.status === 403) {
    return FRENCH_PROBLEMS["invalid-credential"];
  }
  const known = FRENCH_PROBLEMS[problem.kind];
  const detail = problem.detail || problem.title;
  const base = known ?? `La requête a échoué (HTTP ${problem.status}).`;
  return detail ? `${base} Détail du serveur : ${detail}` : base;
}

/** Sends an operator request for this election; `segments` follow /api/elections/{id}/. */
export async function operatorFetch(segments, options = {}) {
  let response;
  try {
    response = await fetch(apiPath(session.electionId, ...segments), {
      ...options,
      cache: "no-store",
      headers: { ...options.headers, Authorization: `Bearer ${session.token}` },
    });
  } catch {
    throw new OperatorApiError({ status: 0, kind: "network" }, "Serveur injoignable (réseau coupé ?).");
  }
  if (!response.ok) {
    const problem = await readProblem(response);
    throw new OperatorApiError(problem, describeProblem(problem));
  }
  return response;
}

export async function operatorJson(segments, options) {
  const response = await operatorFetch(segments, options);
  return response.json();
}

/** Lists the problem's per-field errors (the `errors` extension), one line each. */
export function problemErrorLines(error) {
  const errors = error instanceof OperatorApiError ? error.problem.errors : null;
  if (!errors) {
    return [];
  }
  if (Array.isArray(errors)) {
    return errors.map((entry) => (typeof entry === "string" ? entry : JSON.stringify(entry)));
  }
  return Object.entries(errors).flatMap(([field, messages]) =>
    (Array.isArray(messages) ? messages : [messages]).map((message) => `${field} : ${message}`));
}
