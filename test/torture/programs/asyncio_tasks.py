import asyncio


async def work(i):
    await asyncio.sleep(0.01 * i)
    return i * i


async def main():
    print(sum(await asyncio.gather(*(work(i) for i in range(10)))))


asyncio.run(main())
