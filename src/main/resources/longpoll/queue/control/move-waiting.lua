-- After a blocking move took a client's first message (ARGV[3]) into its in-flight list: if the
-- poll is still the client's poller, it steps down, moves the messages right behind that one
-- too, keeps the in-flight list from outliving the client, and returns the head of the in-flight
-- list: what the poll hands out. If a newer poll took over meanwhile, or the node released this
-- one because its client left, it hands out nothing, and the message goes back to the head of the
-- client's list, where the poller's own blocking move gets it, unless it may have been handed out
-- already: as part of the head another poll returned since this one started (the count of
-- hand-outs moved), or with messages moved in behind it (it is not the newest in flight). Then it
-- stays in flight, in order, and comes with the client's next poll.
--
-- It returns the head rather than just the entries it moved: what a poll hands out must be a
-- prefix of the in-flight list, so that acknowledging its last id never acknowledges a message
-- not handed out.
-- KEYS[1]  the client's list, messages:<clientId>
-- KEYS[2]  its in-flight list, inflight:{messages:<clientId>}
-- KEYS[3]  its poller, poller:{messages:<clientId>}
-- KEYS[4]  this poll's wake key
-- KEYS[5]  its count of hand-outs, handouts:{messages:<clientId>}
-- ARGV[1]  the most entries to hand out
-- ARGV[2]  seconds until an untouched list (the client's, its in-flight one, its count of hand-outs) expires
-- ARGV[3]  the entry the blocking move took
-- ARGV[4]  the count of hand-outs when the poll started (acknowledge.lua's answer)
-- ARGV[5]  the most bytes to hand out beyond the first entry (see batch.lua)
-- Returns {1, entries...} for the poller, {0} when it hands out nothing.
if not step_down(KEYS[3], KEYS[4]) then
  if tonumber(redis.call('GET', KEYS[5]) or '0') == tonumber(ARGV[4])
      and redis.call('LINDEX', KEYS[2], -1) == ARGV[3] then
    redis.call('LMOVE', KEYS[2], KEYS[1], 'RIGHT', 'LEFT')
    redis.call('EXPIRE', KEYS[1], ARGV[2])
  end
  redis.call('EXPIRE', KEYS[2], ARGV[2])
  return {0}
end
local most = tonumber(ARGV[1])
for _ = redis.call('LLEN', KEYS[2]) + 1, most do
  if not redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT') then
    break
  end
end
redis.call('EXPIRE', KEYS[2], ARGV[2])
local handout = redis.call('INCR', KEYS[5])
redis.call('EXPIRE', KEYS[5], ARGV[2])
local answer = {1}
for _, entry in ipairs(hand_out(KEYS[2], most, tonumber(ARGV[5]), handout)) do
  table.insert(answer, entry)
end
return answer
