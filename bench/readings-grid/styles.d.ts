// The pages import Mantine's stylesheet for esbuild to bundle (as src/renderer/src/main.tsx
// does under Vite, whose client types declare it there).
declare module '@mantine/core/styles.css'
