-- wrk script for scripts/bench.py: counts every answer that is not a 200 (a redirect to
-- the sign-in page would otherwise pass for a fast page) and prints one JSON line with
-- the throughput, the latency percentiles (microseconds) and the errors.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_ok = 0
  last_status = 0
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
    last_status = status
  end
end

function done(summary, latency, requests)
  local bad, last = 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("not_ok")
    local status = thread:get("last_status")
    if status ~= 0 then last = status end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, "p99": %d, ' ..
    '"max": %d, "socket_errors": %d, "timeouts": %d, "not_ok": %d, "last_status": %d}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    e.connect + e.read + e.write, e.timeout, bad, last))
end
