import asyncio
import sys
import types

# A module the async tests call: a coroutine per request, and one that waits at a gate Java opens.
module = types.ModuleType('async_model')
sys.modules['async_model'] = module


async def quote(n):
    await asyncio.sleep(0.05)
    return f"quote {n}"


gate = None


async def gated():
    global gate
    gate = asyncio.Event()
    await gate.wait()
    return "through the gate"


async def open_gate():
    gate.set()


module.quote = quote
module.gated = gated
module.open_gate = open_gate
module.waiting = lambda: gate is not None and not gate.is_set()
