-- An acknowledging client's poll starts: takes over as the client's poller (waking an older poll
-- of the client, wherever it waits: see poller.lua), applies its ack, then returns what the
-- client still has in flight; when nothing is, it stays the poller, since it now blocks until a
-- message comes (see move-waiting.lua).
-- The in-flight list holds, in order, the messages handed to the client and not acknowledged.
-- Acknowledging an id acknowledges it and everything handed out before it.
-- KEYS[1]  the in-flight list, inflight:{messages:<clientId>}
-- KEYS[2]  the client's poller, poller:{messages:<clientId>}
-- KEYS[3]  this poll's wake key, wake:{messages:<clientId>}:<poll>
-- KEYS[4]  its count of hand-outs, handouts:{messages:<clientId>} (see move-waiting.lua)
-- ARGV[1]  the id acknowledged, or '' for none
-- ARGV[2]  the most entries to return
-- ARGV[3]  seconds until the poller and wake keys expire
-- ARGV[4]  seconds until an untouched count of hand-outs expires
-- ARGV[5]  the most bytes to return beyond the first entry (see batch.lua)
-- Returns {the count of hand-outs before this poll hands anything out, entries...}.
-- Ids: see ids.lua.
take_over(KEYS[2], KEYS[3], ARGV[3])
if ARGV[1] ~= '' then
  -- What a poll hands out is a head of the list, at most that long (see move-waiting.lua).
  local in_flight = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
  for position, entry in ipairs(in_flight) do
    if id_of(entry) == ARGV[1] then
      redis.call('LTRIM', KEYS[1], position, -1)
      break
    end
  end
end
local handouts = tonumber(redis.call('GET', KEYS[4]) or '0')
local answer = {handouts}
if redis.call('LLEN', KEYS[1]) > 0 then
  step_down(KEYS[2], KEYS[3])
  redis.call('INCR', KEYS[4])
  redis.call('EXPIRE', KEYS[4], ARGV[4])
  for _, entry in ipairs(hand_out(KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[5]), handouts + 1)) do
    table.insert(answer, entry)
  end
end
return answer
