// A bare Fastify route returning a KV v2 read's body: the baseline for the throughput ratio.
import Fastify from 'fastify'

const body = process.argv[2]
const app = Fastify({ logger: false })
app.get('/v1/secret/data/bench', async (_req, reply) => reply.header('content-type', 'application/json').send(body))
await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(`${app.server.address().port}\n`)
