-- wrk script of bench/load.sh: sends the header given in LOAD_HEADER ("Name: value") with every
-- request and, when the run ends, prints one line the report reads: requests per second, the
-- median and 99th percentile latency, and the requests that failed or answered an error.
local header = os.getenv("LOAD_HEADER") or ""
local name, value = header:match("^([^:]+):%s*(.*)$")
if name then
  wrk.headers[name] = value
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    'LOAD-RESULT {"requests": %d, "seconds": %.3f, "rps": %.2f, "p50_ms": %.3f, ' ..
      '"p99_ms": %.3f, "max_ms": %.3f, "bytes": %d, "http_errors": %d, ' ..
      '"socket_errors": %d, "timeouts": %d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.bytes, errors.status, errors.connect + errors.read + errors.write, errors.timeout
  ))
end
