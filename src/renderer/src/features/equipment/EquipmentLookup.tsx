import { useState } from 'react'
import { useServices } from '../../app/context'
import { href, navigate } from '../../app/router'
import { equipmentByCode } from '../../store/queries'

/**
 * One box for serial numbers and asset tags. A barcode scanner types the code and Enter, so
 * Enter looks it up in the local store: it works offline.
 */
export function EquipmentLookup() {
  const { db } = useServices()
  const [code, setCode] = useState('')
  const [message, setMessage] = useState<string | null>(null)
  async function lookUp() {
    if (!code.trim()) return
    const matches = await equipmentByCode(db, code)
    if (matches.length === 1) {
      setMessage(null)
      setCode('')
      navigate(href('equipment', matches[0]!.id))
    } else if (matches.length === 0)
      setMessage(`No equipment with serial or tag "${code.trim()}" on this laptop`)
    else setMessage(`${matches.length} units match "${code.trim()}"`)
  }
  return (
    <form
      role="search"
      className="lookup"
      onSubmit={(e) => {
        e.preventDefault()
        void lookUp()
      }}
    >
      <label htmlFor="lookup">Scan or type serial / asset tag</label>
      <input
        id="lookup"
        value={code}
        onChange={(e) => setCode(e.target.value)}
        autoComplete="off"
      />
      <button type="submit" className="button">
        Find
      </button>
      {message ? <span role="status">{message}</span> : null}
    </form>
  )
}
