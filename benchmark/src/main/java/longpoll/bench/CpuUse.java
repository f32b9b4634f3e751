package longpoll.bench;

/**
 * CPU time used by the three processes of a run, which share the machine's cores: where each
 * message's cost goes, and so what limits the rate; the server's also by kind of thread.
 */
record CpuUse(long serverMillis, long redisMillis, long loadMillis, ThreadCpu serverThreads) {

    static CpuUse now(long serverPid, long redisPid) {
        return new CpuUse(
                ServerStats.of(serverPid).cpuMillis(),
                ServerStats.of(redisPid).cpuMillis(),
                ServerStats.of(ProcessHandle.current().pid()).cpuMillis(),
                ThreadCpu.of(serverPid));
    }

    CpuUse since(CpuUse start) {
        return new CpuUse(
                serverMillis - start.serverMillis,
                redisMillis - start.redisMillis,
                loadMillis - start.loadMillis,
                serverThreads.since(start.serverThreads));
    }

    double serverMillisPer(long messages) {
        return messages == 0 ? 0 : (double) serverMillis / messages;
    }

    /** e.g. "server 0.82 ms, Redis 0.05 ms, load generator 0.61 ms" of CPU per message (or request). */
    String per(long count) {
        if (count == 0) {
            return "none counted";
        }
        return String.format(
                "server %.3f ms, Redis %.3f ms, load generator %.3f ms",
                (double) serverMillis / count, (double) redisMillis / count, (double) loadMillis / count);
    }
}
