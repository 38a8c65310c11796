import { useState } from 'react'
import type { FieldErrors } from '../../../shared/schema/validate'
import { useServices } from '../app/context'
import type { WriteContext } from '../store/writes'
import { StorageFullError, ValidationError } from '../store/writes'

/**
 * Runs a local write for the signed-in user. Validation messages go to the fields; a full
 * disk or anything else to `error`, in words; a successful write nudges the sync engine.
 */
export function useWrite(userId: string) {
  const services = useServices()
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  async function run<T>(write: (ctx: WriteContext) => Promise<T>): Promise<T | null> {
    setSaving(true)
    setErrors({})
    setError(null)
    try {
      const result = await write(await services.writeContext(userId))
      services.engine.localWriteHappened()
      return result
    } catch (e) {
      if (e instanceof ValidationError) setErrors(e.errors)
      else if (e instanceof StorageFullError) setError(e.message)
      else setError(e instanceof Error ? e.message : String(e))
      return null
    } finally {
      setSaving(false)
    }
  }

  return { run, errors, error, saving, setErrors }
}
