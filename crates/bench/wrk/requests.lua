-- wrk script for scripts/bench.sh. Settings come from the environment, because wrk decides
-- whether a script paces its requests (`delay`) or varies them (`request`) from the top
-- level, before `init` sees any arguments.
--   BENCH_MODE     plain | stays | bookings | enforcement
--   BENCH_FILE     the data file of that mode (from `permit-bench seed`)
--   BENCH_THREADS  wrk's -t, so each thread takes its own lines
--   BENCH_DELAY_MS pause per connection between requests (0: as fast as possible)
--   BENCH_MAX_LINES lines of the file read at most (default 400000: the 10x data set's files
--                   hold millions, more than a run sends, and each thread keeps its share)
-- `done` prints one line, "BENCH key=value ...", for the script to read.

local mode = os.getenv("BENCH_MODE") or "plain"
local file = os.getenv("BENCH_FILE")
local threads = tonumber(os.getenv("BENCH_THREADS") or "1")
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
local max_lines = tonumber(os.getenv("BENCH_MAX_LINES") or "400000")

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

local requests = {}
local next_line = 1

function init(args)
  if mode == "plain" then
    return
  end
  local n = 0
  for line in io.lines(file) do
    n = n + 1
    if n > max_lines then
      break
    end
    -- Thread k of T takes lines k, k+T, ...: no two threads send the same booking.
    if n % threads == id % threads then
      local first, second = line:match("^([^\t]*)\t?(.*)$")
      local request
      if mode == "stays" then
        request = wrk.format("GET", "/api/v1/stays", { ["Authorization"] = "Bearer " .. first })
      elseif mode == "bookings" then
        request = wrk.format("POST", "/api/v1/stays", {
          ["Authorization"] = "Bearer " .. first,
          ["Content-Type"] = "application/json",
        }, second)
      elseif mode == "enforcement" then
        request = wrk.format("GET", second, { ["X-Api-Key"] = first })
      end
      requests[#requests + 1] = request
    end
  end
end

if mode ~= "plain" then
  function request()
    local r = requests[next_line]
    next_line = next_line + 1
    if next_line > #requests then
      next_line = 1
    end
    return r
  end
end

if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
