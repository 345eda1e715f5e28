-- wrk script: every request is a vote by its own delegate credential, so wrk's throughput can be
-- compared with the harness's. Each wrk thread takes every Nth line of the token CSV and walks its
-- (delegate, category) pairs in order; once they are used up, further requests are second votes
-- that the API rejects with 409 already-voted (wrk counts them as non-2xx).
--
-- Environment (set by run-wrk.sh):
--   WRK_TOKENS    token CSV from the delegate import, header delegateId,token,votingUrl
--   WRK_ELECTION  election id
--   WRK_CHOICES   space-separated category:finalist pairs, one vote per category
--   WRK_THREADS   number of wrk threads (must match -t)

-- wrk runs this file in LuaJIT (Lua 5.1 syntax): no integer division operator.
local counter = 0

local function read_tokens(path)
  local tokens = {}
  local file = assert(io.open(path, "r"), "cannot open token CSV " .. path)
  local header = true
  for line in file:lines() do
    if header then
      header = false
    elseif line ~= "" then
      local _, token = line:match("^([^,]*),([^,]*)")
      if token then
        tokens[#tokens + 1] = token
      end
    end
  end
  file:close()
  return tokens
end

local function read_choices(text)
  local choices = {}
  for category, finalist in text:gmatch("([^%s:]+):([^%s]+)") do
    choices[#choices + 1] = { category = category, finalist = finalist }
  end
  return choices
end

function setup(thread)
  thread:set("thread_index", counter)
  counter = counter + 1
end

function init(args)
  local all = read_tokens(os.getenv("WRK_TOKENS"))
  local thread_count = tonumber(os.getenv("WRK_THREADS") or "1")
  election = os.getenv("WRK_ELECTION")
  choices = read_choices(os.getenv("WRK_CHOICES") or "")
  assert(#choices > 0, "WRK_CHOICES is empty; expected category:finalist pairs")
  tokens = {}
  for i = thread_index + 1, #all, thread_count do
    tokens[#tokens + 1] = all[i]
  end
  assert(#tokens > 0, "thread " .. thread_index .. " has no delegate tokens")
  next_vote = 0
  sent = 0
end

function request()
  local delegate = math.floor(next_vote / #choices) % #tokens + 1
  local choice = choices[next_vote % #choices + 1]
  next_vote = next_vote + 1
  sent = sent + 1
  local headers = {
    ["Authorization"] = "Bearer " .. tokens[delegate],
    ["Content-Type"] = "application/json",
    -- Unique per thread and request, so no two votes share an idempotency key.
    ["Idempotency-Key"] = string.format("wrk-%d-%d", thread_index, sent),
  }
  local path = "/api/elections/" .. election .. "/categories/" .. choice.category .. "/votes"
  return wrk.format("POST", path, headers, '{"finalistId":"' .. choice.finalist .. '"}')
end

function done(summary, latency, requests)
  io.write(string.format("requests: %d, non-2xx or 3xx: %d, errors (connect/read/write/timeout): %d/%d/%d/%d\n",
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
  io.write(string.format("latency ms: p50 %.2f, p99 %.2f, max %.2f\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
