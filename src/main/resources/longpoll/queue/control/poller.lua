-- A client's poller: the one poll of the client, over every node, whose pop may take its
-- messages now. The poller key holds that poll's wake key, a list the poll blocks on beside the
-- client's own list, so that a newer poll (on any node) or the node that saw its client leave can
-- end its wait. A send reads the poller key to tell its sender whether the recipient waits (see
-- append.lua). Both keys expire a little after the longest poll, so those of a node that died
-- go by themselves. Put before the scripts that take a client's messages.

-- Makes `me` (a wake key) the client's poller, waking the poll that was the poller before.
local function take_over(poller_key, me, expiry_seconds)
  local previous = redis.call('GET', poller_key)
  if previous and previous ~= me then
    -- The same slot as the client's keys (the hash tag): no other node is touched.
    redis.call('RPUSH', previous, 'superseded')
    redis.call('EXPIRE', previous, expiry_seconds)
  end
  redis.call('SET', poller_key, me, 'EX', expiry_seconds)
end

-- The poll `me` stops popping: it is the poller no more, and a wake-up that raced in is dropped.
-- Returns whether it still was the poller (else a newer poll took over, or its node released it).
local function step_down(poller_key, me)
  redis.call('DEL', me)
  if redis.call('GET', poller_key) == me then
    redis.call('DEL', poller_key)
    return true
  end
  return false
end
