-- An acknowledging client's in-flight list: the messages its polls handed out and it has not
-- acknowledged yet, in order. What a poll hands out is always a head of that list, so that
-- acknowledging its last id never acknowledges a message not handed out. Put before the scripts
-- that hand messages out, after poller.lua, batch.lua and ids.lua.

-- Moves the client's next entries behind what it has in flight, up to `most` in flight in all.
local function move_in(queue_key, in_flight_key, most)
  for _ = redis.call('LLEN', in_flight_key) + 1, most do
    if not redis.call('LMOVE', queue_key, in_flight_key, 'LEFT', 'RIGHT') then
      break
    end
  end
end

-- The poll hands out the head of the in-flight list and stops being the poller. The count of
-- hand-outs moves, which gives entries without an id of their own a new one (see ids.lua), and
-- the lists are kept from outliving the client.
local function hand_out_head(in_flight_key, poller_key, handouts_key, most, bytes, expiry_seconds)
  redis.call('DEL', poller_key)
  redis.call('EXPIRE', in_flight_key, expiry_seconds)
  local handout = redis.call('INCR', handouts_key)
  redis.call('EXPIRE', handouts_key, expiry_seconds)
  return hand_out(in_flight_key, most, bytes, handout)
end
