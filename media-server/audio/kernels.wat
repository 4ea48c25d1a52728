;; SIMD kernels of the 3:1 resamplers (media-server/audio/kernels-wasm.ts loads the assembled
;; kernels.wasm; `npm run build:audio-kernels` assembles this file with wabt, and
;; kernels.test.ts checks that the committed binary is this file assembled).
;;
;; Samples are int16, taps Q15 int16. i32x4.dot_i16x8_s multiplies eight sample/tap pairs and adds
;; neighbouring products into four int32 lanes; the lanes are summed in int64 (ratio3-filters.ts
;; checks at design time that no lane can overflow) and the result is rounded half up and
;; saturated exactly as the JavaScript kernels do: (sum + 2^14) >> 15, clamped to int16.
;; Pointers are byte addresses; lengths are in samples, `taps` a multiple of 8.
(module
  (memory (export "memory") 1)

  ;; Sum of the four int32 lanes in int64, rounded from Q15 and saturated to int16.
  (func $toSample (param $lanes v128) (result i32)
    (local $sum i64)
    (local.set $sum
      (i64.shr_s
        (i64.add
          (i64.add
            (i64.add
              (i64.extend_i32_s (i32x4.extract_lane 0 (local.get $lanes)))
              (i64.extend_i32_s (i32x4.extract_lane 1 (local.get $lanes))))
            (i64.add
              (i64.extend_i32_s (i32x4.extract_lane 2 (local.get $lanes)))
              (i64.extend_i32_s (i32x4.extract_lane 3 (local.get $lanes)))))
          (i64.const 16384))
        (i64.const 15)))
    (if (i64.gt_s (local.get $sum) (i64.const 32767)) (then (return (i32.const 32767))))
    (if (i64.lt_s (local.get $sum) (i64.const -32768)) (then (return (i32.const -32768))))
    (i32.wrap_i64 (local.get $sum)))

  ;; ×3: for each input n < count, the window src[n .. n + taps) gives dst[3n] = src[n + delayTap]
  ;; (phase 0 is a pure delay), dst[3n + 1] and dst[3n + 2] (phases 1 and 2).
  (func (export "interpolate")
    (param $src i32) (param $count i32) (param $phase1 i32) (param $phase2 i32) (param $taps i32)
    (param $delayTap i32) (param $dst i32)
    (local $window i32) (local $end i32) (local $j i32) (local $chunk v128) (local $acc1 v128) (local $acc2 v128)
    (local.set $window (local.get $src))
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $count) (i32.const 1))))
    (block $done
      (br_if $done (i32.ge_u (local.get $window) (local.get $end)))
      (loop $input
        (local.set $acc1 (v128.const i32x4 0 0 0 0))
        (local.set $acc2 (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (loop $tap
          (local.set $chunk (v128.load (i32.add (local.get $window) (local.get $j))))
          (local.set $acc1 (i32x4.add (local.get $acc1)
            (i32x4.dot_i16x8_s (local.get $chunk) (v128.load (i32.add (local.get $phase1) (local.get $j))))))
          (local.set $acc2 (i32x4.add (local.get $acc2)
            (i32x4.dot_i16x8_s (local.get $chunk) (v128.load (i32.add (local.get $phase2) (local.get $j))))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $tap (i32.lt_u (local.get $j) (i32.shl (local.get $taps) (i32.const 1)))))
        (i32.store16 (local.get $dst)
          (i32.load16_s (i32.add (local.get $window) (i32.shl (local.get $delayTap) (i32.const 1)))))
        (i32.store16 offset=2 (local.get $dst) (call $toSample (local.get $acc1)))
        (i32.store16 offset=4 (local.get $dst) (call $toSample (local.get $acc2)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 6)))
        (local.set $window (i32.add (local.get $window) (i32.const 2)))
        (br_if $input (i32.lt_u (local.get $window) (local.get $end))))))

  ;; ÷3: for each output m < count, the window src[first + 3m .. first + 3m + taps) gives dst[m].
  (func (export "decimate")
    (param $src i32) (param $first i32) (param $count i32) (param $coefficients i32) (param $taps i32)
    (param $dst i32)
    (local $window i32) (local $end i32) (local $j i32) (local $acc v128)
    (local.set $window (i32.add (local.get $src) (i32.shl (local.get $first) (i32.const 1))))
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $count) (i32.const 1))))
    (block $done
      (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
      (loop $output
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (loop $tap
          (local.set $acc (i32x4.add (local.get $acc)
            (i32x4.dot_i16x8_s
              (v128.load (i32.add (local.get $window) (local.get $j)))
              (v128.load (i32.add (local.get $coefficients) (local.get $j))))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br_if $tap (i32.lt_u (local.get $j) (i32.shl (local.get $taps) (i32.const 1)))))
        (i32.store16 (local.get $dst) (call $toSample (local.get $acc)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 2)))
        (local.set $window (i32.add (local.get $window) (i32.const 6)))
        (br_if $output (i32.lt_u (local.get $dst) (local.get $end))))))
)
