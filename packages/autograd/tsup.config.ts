import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: { compilerOptions: { paths: {} } },
  clean: true,
  sourcemap: false,
  target: "es2022",
  tsconfig: "../../tsconfig.base.json",
});
