-- A waiting acknowledging poll, woken by its node: if it is still the client's poller, it moves
-- the client's next messages in flight and hands out the head of the in-flight list (see
-- in-flight.lua), or goes on waiting when there are none. A poll that is the poller no more
-- moves and hands out nothing.
-- KEYS[1]  the client's list, messages:<clientId>
-- KEYS[2]  its in-flight list, inflight:{messages:<clientId>}
-- KEYS[3]  its poller, poller:{messages:<clientId>}
-- KEYS[4]  its count of hand-outs, handouts:{messages:<clientId>}
-- ARGV[1]  the poll's name
-- ARGV[2]  the most entries to hand out
-- ARGV[3]  seconds until an untouched list (in flight, count of hand-outs) expires
-- ARGV[4]  the most bytes to hand out beyond the first entry (see batch.lua)
-- Returns {0} when a newer poll superseded it, else {1, entries handed out...}.
if not is_poller(KEYS[3], ARGV[1]) then
  return {0}
end
local most = tonumber(ARGV[2])
move_in(KEYS[1], KEYS[2], most)
local answer = {1}
if redis.call('LLEN', KEYS[2]) > 0 then
  for _, entry in ipairs(hand_out_head(KEYS[2], KEYS[3], KEYS[4], most, tonumber(ARGV[4]), ARGV[3])) do
    table.insert(answer, entry)
  end
end
return answer
