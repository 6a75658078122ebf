-- wrk script for scripts/bench-clicks: every request is a fresh CTA press, a Telegram Update with
-- a callback query of its own id, by a user drawn at random from the audience (so a user's first
-- press of the button is a unique click and later ones are taps).
--   BENCH_SECRET  the X-Telegram-Bot-Api-Secret-Token to send
--   BENCH_DATA    the callback_data, c:<short broadcast id>:<button>
--   BENCH_USERS   users 1...BENCH_USERS press
--   BENCH_TAG     prefix of the query ids, distinct per load so no id is sent twice
--   BENCH_RECORD  if set, the ids of queries answered 2xx with an answerCallbackQuery are written
--                 to BENCH_RECORD.<thread>, one a line, when wrk finishes
-- done() prints one line for the script: RESULT requests=… rps=… p50_ms=… p99_ms=… …
local threads = {}
local secret = os.getenv("BENCH_SECRET") or ""
local data = os.getenv("BENCH_DATA") or "c:none:buy"
local users = tonumber(os.getenv("BENCH_USERS") or "1000")
local tag = os.getenv("BENCH_TAG") or "w"
local headers = {
    ["Content-Type"] = "application/json",
    ["X-Telegram-Bot-Api-Secret-Token"] = secret,
}

function setup(thread)
    thread:set("id", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    math.randomseed(id * 7919 + os.time())
    prefix = tag .. id .. "-"
    counter = 0
    answered = {}
    others = 0
end

function request()
    counter = counter + 1
    local user = math.random(users)
    local body = string.format(
        '{"update_id":%d,"callback_query":{"id":"%s%d","from":{"id":%d,"is_bot":false,"first_name":"User%d"},'
            .. '"chat_instance":"bench","data":"%s"}}',
        id * 100000000 + counter, prefix, counter, user, user, data)
    return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
    local query = status >= 200 and status < 300 and body:match('"callback_query_id":"([^"]+)"')
    if query then
        answered[#answered + 1] = query
    else
        others = others + 1
    end
end

function done(summary, latency, requests)
    local record = os.getenv("BENCH_RECORD")
    local total_answered, total_others = 0, 0
    for index, thread in ipairs(threads) do
        local ids = thread:get("answered")
        total_answered = total_answered + #ids
        total_others = total_others + thread:get("others")
        if record then
            local out = assert(io.open(record .. "." .. index, "w"))
            for _, query in ipairs(ids) do out:write(query, "\n") end
            out:close()
        end
    end
    local errors = summary.errors
    io.write(string.format(
        "RESULT requests=%d seconds=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d "
            .. "socket_errors=%d answered=%d other_answers=%d\n",
        summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, errors.status,
        errors.connect + errors.read + errors.write + errors.timeout, total_answered, total_others))
end
