// The renderer entry's first import, before any module that creates a schema. zod 4 probes
// `new Function` (util.allowsEval) when the first z.object is constructed, unless `jitless` is
// set by then; under the app's CSP (no 'unsafe-eval') that probe is a reported violation even
// though zod catches the error. ES modules run their imports first, so a z.config() call in the
// entry's own body would come after every schema in the app: it has to be a module of its own,
// imported before everything else. This module must import nothing but zod.
import { z } from 'zod'

z.config({ jitless: true })
