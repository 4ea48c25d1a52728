/**
 * Assembles kernels.wat into kernels.wasm with wabt (the WebAssembly Binary Toolkit's own wat2wasm,
 * compiled to JavaScript, from npm: no native toolchain). Run `npm run build:audio-kernels` after
 * editing kernels.wat; kernels.test.ts fails while the committed binary differs from the source.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import createWabt from 'wabt'

export const KERNELS_SOURCE = new URL('./kernels.wat', import.meta.url)
export const KERNELS_BINARY = new URL('./kernels.wasm', import.meta.url)

export async function assembleKernels(): Promise<Uint8Array> {
  const wabt = await createWabt()
  const module = wabt.parseWat('kernels.wat', readFileSync(KERNELS_SOURCE, 'utf8'), { simd: true })
  try {
    module.validate()
    return Uint8Array.from(module.toBinary({ write_debug_names: false }).buffer)
  } finally {
    module.destroy()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const binary = await assembleKernels()
  writeFileSync(KERNELS_BINARY, binary)
  console.log(`kernels.wasm: ${binary.length} bytes`)
}
