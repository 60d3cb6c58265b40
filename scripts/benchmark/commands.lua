-- wrk script for scripts/benchmark.sh: one ledger command per request, chosen by WORKLOAD.
--   WORKLOAD=declare   POST /incidents, each for a scope of its own (one open incident per class and scope)
--   WORKLOAD=evidence  POST /incidents/{id}/evidence on an incident picked at random from the file INCIDENTS
--                      (one id a line), each a containment action never recorded before
-- PREFER, when set, is sent as the Prefer header (e.g. return=minimal: answers without the resource).
-- At the end it prints one line the script parses: requests, seconds, errors (socket errors and
-- answers other than 2xx) and the latency percentiles in milliseconds.
local workload = os.getenv("WORKLOAD") or "declare"
local token = os.getenv("LEDGER_TOKEN")
local run = os.getenv("RUN_ID") or "run"
local prefer = os.getenv("PREFER")
local threads = {}
local counter = 0
local incidents = {}
local id = 0

function setup(thread)
    id = id + 1
    thread:set("thread_id", id)
    table.insert(threads, thread)
end

function init(args)
    if workload == "evidence" then
        for line in io.lines(os.getenv("INCIDENTS")) do
            if line ~= "" then table.insert(incidents, line) end
        end
        math.randomseed(os.time() + (thread_id or 0) * 7919)
    end
end

function request()
    counter = counter + 1
    local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
    if prefer and prefer ~= "" then headers["Prefer"] = prefer end
    if workload == "evidence" then
        local incident = incidents[math.random(#incidents)]
        local body = string.format('{"field":"CONTAINMENT_ACTION","action":"bench %s action %d-%d"}',
            run, thread_id or 0, counter)
        return wrk.format("POST", "/incidents/" .. incident .. "/evidence", headers, body)
    end
    local body = string.format('{"incidentClass":"PUBLISH_FAILURE","scope":"locality/b-%s-%d-%d",'
        .. '"trigger":{"kind":"MANUAL","detail":"benchmark"},"observedFailureMode":"benchmark declaration"}',
        run, thread_id or 0, counter)
    return wrk.format("POST", "/incidents", headers, body)
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("RESULT requests=%d seconds=%.3f errors=%d p50=%.1f p90=%.1f p99=%.1f\n",
        summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.status + e.timeout,
        latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000))
end
