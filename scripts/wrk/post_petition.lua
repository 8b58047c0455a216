-- wrk -s post_petition.lua: POST /api/petitions/ (JSON body, unit from OVERSIGHT_UNIT),
-- counting the statuses so the bench can compare the 201s with the rows in the database.
-- After OVERSIGHT_POST_SECONDS (if set) each connection sends cheap GETs of /api/me/ instead,
-- so that every POST sent has its answer counted before wrk stops (run wrk a few seconds
-- longer than the POST window): no request is left in flight at the cut-off.
local token = os.getenv("OVERSIGHT_TOKEN")
local unit = os.getenv("OVERSIGHT_UNIT") or "nghe_an"
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  counter = 0
  local window = tonumber(os.getenv("OVERSIGHT_POST_SECONDS") or "")
  stop_at = window and (os.time() + window) or nil
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Token " .. token
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  if stop_at and os.time() >= stop_at then
    return wrk.format("GET", "/api/me/", nil, nil)
  end
  counter = counter + 1
  local body = string.format(
    '{"unit": "%s", "kind": "complaint", "received_on": "2025-03-03", ' ..
    '"subject": "Khiếu nại tải thử %d", "content": "Nội dung khiếu nại về bồi thường đất %d", ' ..
    '"petitioner": {"name": "Nguyễn Văn Thử %d"}}', unit, counter, counter, counter)
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for code, n in pairs(s) do counts[code] = (counts[code] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(counts) do table.insert(parts, string.format('"%d": %d', code, n)) end
  io.write(string.format(
    'WRK {"requests": %d, "seconds": %.3f, "errors": %d, "p50_ms": %.2f, "p95_ms": %.2f, ' ..
    '"p99_ms": %.2f, "statuses": {%s}}\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.status + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, table.concat(parts, ", ")))
end
