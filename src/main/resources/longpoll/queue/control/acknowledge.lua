-- An acknowledging client's poll starts: it becomes the client's poller (superseding an older poll
-- of the client, wherever that waits) and applies its ack. Then it hands out what the client
-- still has in flight, which comes again before anything new; else it moves the client's next
-- messages in flight and hands those out; else it stays the poller and waits: its node takes for
-- it when woken (see take-acknowledged.lua).
-- Acknowledging an id acknowledges it and everything handed out before it.
-- KEYS[1]  the client's list, messages:<clientId>
-- KEYS[2]  its in-flight list, inflight:{messages:<clientId>}
-- KEYS[3]  its poller, poller:{messages:<clientId>}
-- KEYS[4]  its count of hand-outs, handouts:{messages:<clientId>}
-- ARGV[1]  this poll's name
-- ARGV[2]  the id acknowledged, or '' for none
-- ARGV[3]  the most entries to hand out
-- ARGV[4]  seconds until the poller key expires
-- ARGV[5]  seconds until an untouched list (in flight, count of hand-outs) expires
-- ARGV[6]  the most bytes to hand out beyond the first entry (see batch.lua)
-- Returns {1 when the entries are handed out again, else 0; the entries...}; no entries when the
-- poll now waits.
-- Ids: see ids.lua.
redis.call('SET', KEYS[3], ARGV[1], 'EX', ARGV[4])
local most = tonumber(ARGV[3])
if ARGV[2] ~= '' then
  local in_flight = redis.call('LRANGE', KEYS[2], 0, most - 1)
  for position, entry in ipairs(in_flight) do
    if id_of(entry) == ARGV[2] then
      redis.call('LTRIM', KEYS[2], position, -1)
      break
    end
  end
end
local again = redis.call('LLEN', KEYS[2]) > 0
if not again then
  move_in(KEYS[1], KEYS[2], most)
  if redis.call('LLEN', KEYS[2]) == 0 then
    return {0}
  end
end
local answer = {again and 1 or 0}
for _, entry in ipairs(hand_out_head(KEYS[2], KEYS[3], KEYS[4], most, tonumber(ARGV[6]), ARGV[5])) do
  table.insert(answer, entry)
end
return answer
