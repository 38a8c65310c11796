export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

export type Database = {
  business: {
    Tables: {
      carbon_credits: {
        Row: {
          client_id: string | null
          created_at: string
          created_by: string | null
          credits_tco2e: number
          deleted_at: string | null
          id: string
          methane_destroyed_mcf: number | null
          organization_id: string
          period_end: string
          period_start: string
          registry: string
          serial_range: string | null
          site_id: string
          status: string
          txid: unknown
          updated_at: string
          updated_by: string | null
          verified_on: string | null
        }
        Insert: {
          client_id?: string | null
          created_at?: string
          created_by?: string | null
          credits_tco2e: number
          deleted_at?: string | null
          id?: string
          methane_destroyed_mcf?: number | null
          organization_id: string
          period_end: string
          period_start: string
          registry: string
          serial_range?: string | null
          site_id: string
          status?: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
          verified_on?: string | null
        }
        Update: {
          client_id?: string | null
          created_at?: string
          created_by?: string | null
          credits_tco2e?: number
          deleted_at?: string | null
          id?: string
          methane_destroyed_mcf?: number | null
          organization_id?: string
          period_end?: string
          period_start?: string
          registry?: string
          serial_range?: string | null
          site_id?: string
          status?: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
          verified_on?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "carbon_credits_client_id_organization_id_fkey"
            columns: ["client_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "clients"
            referencedColumns: ["id", "organization_id"]
          },
          {
            foreignKeyName: "carbon_credits_site_id_organization_id_fkey"
            columns: ["site_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "sites"
            referencedColumns: ["id", "organization_id"]
          },
        ]
      }
      checklist_templates: {
        Row: {
          created_at: string
          created_by: string | null
          deleted_at: string | null
          equipment_kind: string | null
          id: string
          name: string
          organization_id: string
          steps: NonNullable<Json>
          txid: unknown
          updated_at: string
          updated_by: string | null
          work_kind: string
        }
        Insert: {
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          equipment_kind?: string | null
          id?: string
          name: string
          organization_id: string
          steps?: NonNullable<Json>
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
          work_kind?: string
        }
        Update: {
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          equipment_kind?: string | null
          id?: string
          name?: string
          organization_id?: string
          steps?: NonNullable<Json>
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
          work_kind?: string
        }
        Relationships: []
      }
      clients: {
        Row: {
          contact_email: string | null
          contact_name: string | null
          created_at: string
          created_by: string | null
          deleted_at: string | null
          id: string
          name: string
          notes: string | null
          organization_id: string
          txid: unknown
          updated_at: string
          updated_by: string | null
        }
        Insert: {
          contact_email?: string | null
          contact_name?: string | null
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          id?: string
          name: string
          notes?: string | null
          organization_id: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
        }
        Update: {
          contact_email?: string | null
          contact_name?: string | null
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          id?: string
          name?: string
          notes?: string | null
          organization_id?: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
        }
        Relationships: []
      }
      custom_field_definitions: {
        Row: {
          applies_to: string
          choices: string[] | null
          created_at: string
          created_by: string | null
          deleted_at: string | null
          equipment_kind: string | null
          id: string
          key: string
          label: string
          organization_id: string
          position: number
          required: boolean
          txid: unknown
          type: string
          unit: string | null
          updated_at: string
          updated_by: string | null
        }
        Insert: {
          applies_to: string
          choices?: string[] | null
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          equipment_kind?: string | null
          id?: string
          key: string
          label: string
          organization_id: string
          position?: number
          required?: boolean
          txid?: unknown
          type: string
          unit?: string | null
          updated_at?: string
          updated_by?: string | null
        }
        Update: {
          applies_to?: string
          choices?: string[] | null
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          equipment_kind?: string | null
          id?: string
          key?: string
          label?: string
          organization_id?: string
          position?: number
          required?: boolean
          txid?: unknown
          type?: string
          unit?: string | null
          updated_at?: string
          updated_by?: string | null
        }
        Relationships: []
      }
      energy_production: {
        Row: {
          created_at: string
          created_by: string | null
          deleted_at: string | null
          energy_kwh: number
          equipment_id: string | null
          gas_volume_mcf: number | null
          id: string
          notes: string | null
          organization_id: string
          period_end: string
          period_month: string
          period_start: string
          runtime_hours: number | null
          site_id: string
          source: string
          txid: unknown
          updated_at: string
          updated_by: string | null
        }
        Insert: {
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          energy_kwh: number
          equipment_id?: string | null
          gas_volume_mcf?: number | null
          id?: string
          notes?: string | null
          organization_id: string
          period_end: string
          period_month: string
          period_start: string
          runtime_hours?: number | null
          site_id: string
          source?: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
        }
        Update: {
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          energy_kwh?: number
          equipment_id?: string | null
          gas_volume_mcf?: number | null
          id?: string
          notes?: string | null
          organization_id?: string
          period_end?: string
          period_month?: string
          period_start?: string
          runtime_hours?: number | null
          site_id?: string
          source?: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "energy_production_equipment_id_organization_id_fkey"
            columns: ["equipment_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "equipment"
            referencedColumns: ["id", "organization_id"]
          },
          {
            foreignKeyName: "energy_production_equipment_site_fkey"
            columns: ["equipment_id", "site_id"]
            isOneToOne: false
            referencedRelation: "equipment"
            referencedColumns: ["id", "site_id"]
          },
          {
            foreignKeyName: "energy_production_site_id_organization_id_fkey"
            columns: ["site_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "sites"
            referencedColumns: ["id", "organization_id"]
          },
        ]
      }
      equipment: {
        Row: {
          asset_tag: string | null
          created_at: string
          created_by: string | null
          custom_fields: NonNullable<Json>
          deleted_at: string | null
          id: string
          installed_on: string | null
          kind: string
          make: string | null
          model: string | null
          name: string
          notes: string | null
          organization_id: string
          rated_power_kw: number | null
          runtime_hours: number
          runtime_hours_at: string | null
          serial_number: string | null
          site_id: string
          status: string
          status_changed_at: string | null
          status_reason: string | null
          txid: unknown
          updated_at: string
          updated_by: string | null
        }
        Insert: {
          asset_tag?: string | null
          created_at?: string
          created_by?: string | null
          custom_fields?: NonNullable<Json>
          deleted_at?: string | null
          id?: string
          installed_on?: string | null
          kind: string
          make?: string | null
          model?: string | null
          name: string
          notes?: string | null
          organization_id: string
          rated_power_kw?: number | null
          runtime_hours?: number
          runtime_hours_at?: string | null
          serial_number?: string | null
          site_id: string
          status?: string
          status_changed_at?: string | null
          status_reason?: string | null
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
        }
        Update: {
          asset_tag?: string | null
          created_at?: string
          created_by?: string | null
          custom_fields?: NonNullable<Json>
          deleted_at?: string | null
          id?: string
          installed_on?: string | null
          kind?: string
          make?: string | null
          model?: string | null
          name?: string
          notes?: string | null
          organization_id?: string
          rated_power_kw?: number | null
          runtime_hours?: number
          runtime_hours_at?: string | null
          serial_number?: string | null
          site_id?: string
          status?: string
          status_changed_at?: string | null
          status_reason?: string | null
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "equipment_site_id_organization_id_fkey"
            columns: ["site_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "sites"
            referencedColumns: ["id", "organization_id"]
          },
        ]
      }
      invoices: {
        Row: {
          amount: number
          client_id: string
          created_at: string
          created_by: string | null
          currency: string
          deleted_at: string | null
          due_on: string | null
          energy_kwh: number | null
          id: string
          invoice_number: string
          issued_on: string | null
          organization_id: string
          period_end: string
          period_start: string
          project_id: string | null
          site_id: string | null
          status: string
          txid: unknown
          updated_at: string
          updated_by: string | null
        }
        Insert: {
          amount: number
          client_id: string
          created_at?: string
          created_by?: string | null
          currency?: string
          deleted_at?: string | null
          due_on?: string | null
          energy_kwh?: number | null
          id?: string
          invoice_number: string
          issued_on?: string | null
          organization_id: string
          period_end: string
          period_start: string
          project_id?: string | null
          site_id?: string | null
          status?: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
        }
        Update: {
          amount?: number
          client_id?: string
          created_at?: string
          created_by?: string | null
          currency?: string
          deleted_at?: string | null
          due_on?: string | null
          energy_kwh?: number | null
          id?: string
          invoice_number?: string
          issued_on?: string | null
          organization_id?: string
          period_end?: string
          period_start?: string
          project_id?: string | null
          site_id?: string | null
          status?: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "invoices_client_id_organization_id_fkey"
            columns: ["client_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "clients"
            referencedColumns: ["id", "organization_id"]
          },
          {
            foreignKeyName: "invoices_project_id_organization_id_fkey"
            columns: ["project_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "projects"
            referencedColumns: ["id", "organization_id"]
          },
          {
            foreignKeyName: "invoices_site_id_organization_id_fkey"
            columns: ["site_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "sites"
            referencedColumns: ["id", "organization_id"]
          },
        ]
      }
      journal: {
        Row: {
          actor_id: string | null
          actor_role: string | null
          after: Json | null
          at: string
          before: Json | null
          changed: string[]
          device_id: string | null
          id: number
          mutation_id: string | null
          op: string
          organization_id: string
          reason: string | null
          row_id: string
          site_id: string | null
          table_name: string
          txid: unknown
        }
        Insert: {
          actor_id?: string | null
          actor_role?: string | null
          after?: Json | null
          at?: string
          before?: Json | null
          changed?: string[]
          device_id?: string | null
          id?: never
          mutation_id?: string | null
          op: string
          organization_id: string
          reason?: string | null
          row_id: string
          site_id?: string | null
          table_name: string
          txid?: unknown
        }
        Update: {
          actor_id?: string | null
          actor_role?: string | null
          after?: Json | null
          at?: string
          before?: Json | null
          changed?: string[]
          device_id?: string | null
          id?: never
          mutation_id?: string | null
          op?: string
          organization_id?: string
          reason?: string | null
          row_id?: string
          site_id?: string | null
          table_name?: string
          txid?: unknown
        }
        Relationships: []
      }
      maintenance_logs: {
        Row: {
          created_at: string
          created_by: string | null
          deleted_at: string | null
          details: string | null
          downtime_hours: number
          equipment_id: string
          id: string
          kind: string
          organization_id: string
          parts: NonNullable<Json>
          performed_at: string
          site_id: string
          summary: string
          txid: unknown
          updated_at: string
          updated_by: string | null
        }
        Insert: {
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          details?: string | null
          downtime_hours?: number
          equipment_id: string
          id?: string
          kind: string
          organization_id: string
          parts?: NonNullable<Json>
          performed_at: string
          site_id: string
          summary: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
        }
        Update: {
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          details?: string | null
          downtime_hours?: number
          equipment_id?: string
          id?: string
          kind?: string
          organization_id?: string
          parts?: NonNullable<Json>
          performed_at?: string
          site_id?: string
          summary?: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "maintenance_logs_equipment_id_organization_id_fkey"
            columns: ["equipment_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "equipment"
            referencedColumns: ["id", "organization_id"]
          },
          {
            foreignKeyName: "maintenance_logs_equipment_site_fkey"
            columns: ["equipment_id", "site_id"]
            isOneToOne: false
            referencedRelation: "equipment"
            referencedColumns: ["id", "site_id"]
          },
          {
            foreignKeyName: "maintenance_logs_site_id_organization_id_fkey"
            columns: ["site_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "sites"
            referencedColumns: ["id", "organization_id"]
          },
        ]
      }
      maintenance_schedules: {
        Row: {
          active: boolean
          created_at: string
          created_by: string | null
          deleted_at: string | null
          description: string | null
          equipment_id: string | null
          equipment_kind: string | null
          every_days: number | null
          every_hours: number | null
          id: string
          lead: number
          organization_id: string
          priority: string
          site_id: string
          start_hours: number
          starts_on: string | null
          template_id: string | null
          title: string
          txid: unknown
          updated_at: string
          updated_by: string | null
        }
        Insert: {
          active?: boolean
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          description?: string | null
          equipment_id?: string | null
          equipment_kind?: string | null
          every_days?: number | null
          every_hours?: number | null
          id?: string
          lead?: number
          organization_id: string
          priority?: string
          site_id: string
          start_hours?: number
          starts_on?: string | null
          template_id?: string | null
          title: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
        }
        Update: {
          active?: boolean
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          description?: string | null
          equipment_id?: string | null
          equipment_kind?: string | null
          every_days?: number | null
          every_hours?: number | null
          id?: string
          lead?: number
          organization_id?: string
          priority?: string
          site_id?: string
          start_hours?: number
          starts_on?: string | null
          template_id?: string | null
          title?: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "maintenance_schedules_equipment_id_site_id_fkey"
            columns: ["equipment_id", "site_id"]
            isOneToOne: false
            referencedRelation: "equipment"
            referencedColumns: ["id", "site_id"]
          },
          {
            foreignKeyName: "maintenance_schedules_site_id_organization_id_fkey"
            columns: ["site_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "sites"
            referencedColumns: ["id", "organization_id"]
          },
          {
            foreignKeyName: "maintenance_schedules_template_id_organization_id_fkey"
            columns: ["template_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "checklist_templates"
            referencedColumns: ["id", "organization_id"]
          },
        ]
      }
      period_closes: {
        Row: {
          closed_at: string
          closed_by: string | null
          created_at: string
          created_by: string | null
          deleted_at: string | null
          id: string
          month: string
          organization_id: string
          reason: string | null
          reopened_at: string | null
          reopened_by: string | null
          site_id: string
          status: string
          txid: unknown
          updated_at: string
          updated_by: string | null
        }
        Insert: {
          closed_at?: string
          closed_by?: string | null
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          id?: string
          month: string
          organization_id: string
          reason?: string | null
          reopened_at?: string | null
          reopened_by?: string | null
          site_id: string
          status?: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
        }
        Update: {
          closed_at?: string
          closed_by?: string | null
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          id?: string
          month?: string
          organization_id?: string
          reason?: string | null
          reopened_at?: string | null
          reopened_by?: string | null
          site_id?: string
          status?: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "period_closes_site_id_organization_id_fkey"
            columns: ["site_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "sites"
            referencedColumns: ["id", "organization_id"]
          },
        ]
      }
      projects: {
        Row: {
          client_id: string
          code: string | null
          created_at: string
          created_by: string | null
          deleted_at: string | null
          end_date: string | null
          id: string
          name: string
          organization_id: string
          start_date: string | null
          status: string
          txid: unknown
          updated_at: string
          updated_by: string | null
        }
        Insert: {
          client_id: string
          code?: string | null
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          end_date?: string | null
          id?: string
          name: string
          organization_id: string
          start_date?: string | null
          status?: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
        }
        Update: {
          client_id?: string
          code?: string | null
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          end_date?: string | null
          id?: string
          name?: string
          organization_id?: string
          start_date?: string | null
          status?: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "projects_client_id_organization_id_fkey"
            columns: ["client_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "clients"
            referencedColumns: ["id", "organization_id"]
          },
        ]
      }
      site_assignments: {
        Row: {
          created_at: string
          created_by: string | null
          deleted_at: string | null
          id: string
          organization_id: string
          site_id: string
          txid: unknown
          updated_at: string
          updated_by: string | null
          user_id: string
        }
        Insert: {
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          id?: string
          organization_id: string
          site_id: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
          user_id: string
        }
        Update: {
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          id?: string
          organization_id?: string
          site_id?: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "site_assignments_site_id_organization_id_fkey"
            columns: ["site_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "sites"
            referencedColumns: ["id", "organization_id"]
          },
        ]
      }
      sites: {
        Row: {
          billing_meter_id: string | null
          capacity_kw: number | null
          client_id: string | null
          code: string | null
          country: string
          county: string | null
          created_at: string
          created_by: string | null
          custom_fields: NonNullable<Json>
          deleted_at: string | null
          id: string
          latitude: number | null
          longitude: number | null
          name: string
          notes: string | null
          organization_id: string
          production_drop_pct: number
          project_id: string | null
          region: string | null
          status: string
          timezone: string
          txid: unknown
          updated_at: string
          updated_by: string | null
        }
        Insert: {
          billing_meter_id?: string | null
          capacity_kw?: number | null
          client_id?: string | null
          code?: string | null
          country?: string
          county?: string | null
          created_at?: string
          created_by?: string | null
          custom_fields?: NonNullable<Json>
          deleted_at?: string | null
          id?: string
          latitude?: number | null
          longitude?: number | null
          name: string
          notes?: string | null
          organization_id: string
          production_drop_pct?: number
          project_id?: string | null
          region?: string | null
          status?: string
          timezone?: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
        }
        Update: {
          billing_meter_id?: string | null
          capacity_kw?: number | null
          client_id?: string | null
          code?: string | null
          country?: string
          county?: string | null
          created_at?: string
          created_by?: string | null
          custom_fields?: NonNullable<Json>
          deleted_at?: string | null
          id?: string
          latitude?: number | null
          longitude?: number | null
          name?: string
          notes?: string | null
          organization_id?: string
          production_drop_pct?: number
          project_id?: string | null
          region?: string | null
          status?: string
          timezone?: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "sites_billing_meter_fkey"
            columns: ["billing_meter_id", "id"]
            isOneToOne: false
            referencedRelation: "equipment"
            referencedColumns: ["id", "site_id"]
          },
          {
            foreignKeyName: "sites_client_id_organization_id_fkey"
            columns: ["client_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "clients"
            referencedColumns: ["id", "organization_id"]
          },
          {
            foreignKeyName: "sites_project_id_organization_id_fkey"
            columns: ["project_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "projects"
            referencedColumns: ["id", "organization_id"]
          },
        ]
      }
      sync_conflicts: {
        Row: {
          base: NonNullable<Json>
          client: NonNullable<Json>
          client_changed_at: string | null
          created_at: string
          created_by: string | null
          deleted_at: string | null
          device_id: string | null
          fields: string[]
          id: string
          mutation_id: string | null
          op: string
          organization_id: string
          resolution: Json | null
          resolved_at: string | null
          resolved_by: string | null
          row_id: string
          server: NonNullable<Json>
          server_updated_at: string | null
          server_updated_by: string | null
          site_id: string
          status: string
          table_name: string
          txid: unknown
          updated_at: string
          updated_by: string | null
          winner: string
        }
        Insert: {
          base?: NonNullable<Json>
          client: NonNullable<Json>
          client_changed_at?: string | null
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          device_id?: string | null
          fields: string[]
          id?: string
          mutation_id?: string | null
          op: string
          organization_id: string
          resolution?: Json | null
          resolved_at?: string | null
          resolved_by?: string | null
          row_id: string
          server: NonNullable<Json>
          server_updated_at?: string | null
          server_updated_by?: string | null
          site_id: string
          status?: string
          table_name: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
          winner: string
        }
        Update: {
          base?: NonNullable<Json>
          client?: NonNullable<Json>
          client_changed_at?: string | null
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          device_id?: string | null
          fields?: string[]
          id?: string
          mutation_id?: string | null
          op?: string
          organization_id?: string
          resolution?: Json | null
          resolved_at?: string | null
          resolved_by?: string | null
          row_id?: string
          server?: NonNullable<Json>
          server_updated_at?: string | null
          server_updated_by?: string | null
          site_id?: string
          status?: string
          table_name?: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
          winner?: string
        }
        Relationships: [
          {
            foreignKeyName: "sync_conflicts_site_id_organization_id_fkey"
            columns: ["site_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "sites"
            referencedColumns: ["id", "organization_id"]
          },
        ]
      }
      sync_epoch: {
        Row: {
          epoch: string
          singleton: boolean
        }
        Insert: {
          epoch?: string
          singleton?: boolean
        }
        Update: {
          epoch?: string
          singleton?: boolean
        }
        Relationships: []
      }
      sync_moves: {
        Row: {
          from_site_id: string
          id: string
          moved_at: string
          organization_id: string
          row_id: string
          table_name: string
          txid: unknown
        }
        Insert: {
          from_site_id: string
          id?: string
          moved_at?: string
          organization_id: string
          row_id: string
          table_name: string
          txid?: unknown
        }
        Update: {
          from_site_id?: string
          id?: string
          moved_at?: string
          organization_id?: string
          row_id?: string
          table_name?: string
          txid?: unknown
        }
        Relationships: []
      }
      sync_mutations: {
        Row: {
          changed_at: string | null
          device_id: string | null
          id: string
          op: string
          received_at: string
          result: NonNullable<Json>
          row_id: string
          status: string
          table_name: string
          user_id: string
        }
        Insert: {
          changed_at?: string | null
          device_id?: string | null
          id: string
          op: string
          received_at?: string
          result: NonNullable<Json>
          row_id: string
          status: string
          table_name: string
          user_id?: string
        }
        Update: {
          changed_at?: string | null
          device_id?: string | null
          id?: string
          op?: string
          received_at?: string
          result?: NonNullable<Json>
          row_id?: string
          status?: string
          table_name?: string
          user_id?: string
        }
        Relationships: []
      }
      sync_tables: {
        Row: {
          client_writable: boolean
          position: number
          site_column: string
          table_name: string
        }
        Insert: {
          client_writable: boolean
          position: number
          site_column: string
          table_name: string
        }
        Update: {
          client_writable?: boolean
          position?: number
          site_column?: string
          table_name?: string
        }
        Relationships: []
      }
      work_order_steps: {
        Row: {
          created_at: string
          created_by: string | null
          deleted_at: string | null
          done_at: string | null
          id: string
          label: string
          organization_id: string
          position: number
          required: boolean
          requires: string
          site_id: string
          txid: unknown
          unit: string | null
          updated_at: string
          updated_by: string | null
          value_number: number | null
          value_text: string | null
          work_order_id: string
        }
        Insert: {
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          done_at?: string | null
          id?: string
          label: string
          organization_id: string
          position: number
          required?: boolean
          requires?: string
          site_id: string
          txid?: unknown
          unit?: string | null
          updated_at?: string
          updated_by?: string | null
          value_number?: number | null
          value_text?: string | null
          work_order_id: string
        }
        Update: {
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          done_at?: string | null
          id?: string
          label?: string
          organization_id?: string
          position?: number
          required?: boolean
          requires?: string
          site_id?: string
          txid?: unknown
          unit?: string | null
          updated_at?: string
          updated_by?: string | null
          value_number?: number | null
          value_text?: string | null
          work_order_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "work_order_steps_site_id_organization_id_fkey"
            columns: ["site_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "sites"
            referencedColumns: ["id", "organization_id"]
          },
          {
            foreignKeyName: "work_order_steps_work_order_id_site_id_fkey"
            columns: ["work_order_id", "site_id"]
            isOneToOne: false
            referencedRelation: "work_orders"
            referencedColumns: ["id", "site_id"]
          },
        ]
      }
      work_orders: {
        Row: {
          assignee_id: string | null
          completed_at: string | null
          created_at: string
          created_by: string | null
          deleted_at: string | null
          description: string | null
          due_on: string | null
          equipment_id: string | null
          flrts_task_ref: string | null
          id: string
          kind: string
          maintenance_log_id: string | null
          openproject_work_package_id: number | null
          organization_id: string
          origin: string
          priority: string
          schedule_id: string | null
          schedule_point: string | null
          site_id: string
          status: string
          status_reason: string | null
          title: string
          txid: unknown
          updated_at: string
          updated_by: string | null
        }
        Insert: {
          assignee_id?: string | null
          completed_at?: string | null
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          description?: string | null
          due_on?: string | null
          equipment_id?: string | null
          flrts_task_ref?: string | null
          id?: string
          kind?: string
          maintenance_log_id?: string | null
          openproject_work_package_id?: number | null
          organization_id: string
          origin?: string
          priority?: string
          schedule_id?: string | null
          schedule_point?: string | null
          site_id: string
          status?: string
          status_reason?: string | null
          title: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
        }
        Update: {
          assignee_id?: string | null
          completed_at?: string | null
          created_at?: string
          created_by?: string | null
          deleted_at?: string | null
          description?: string | null
          due_on?: string | null
          equipment_id?: string | null
          flrts_task_ref?: string | null
          id?: string
          kind?: string
          maintenance_log_id?: string | null
          openproject_work_package_id?: number | null
          organization_id?: string
          origin?: string
          priority?: string
          schedule_id?: string | null
          schedule_point?: string | null
          site_id?: string
          status?: string
          status_reason?: string | null
          title?: string
          txid?: unknown
          updated_at?: string
          updated_by?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "work_orders_equipment_id_site_id_fkey"
            columns: ["equipment_id", "site_id"]
            isOneToOne: false
            referencedRelation: "equipment"
            referencedColumns: ["id", "site_id"]
          },
          {
            foreignKeyName: "work_orders_maintenance_log_id_organization_id_fkey"
            columns: ["maintenance_log_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "maintenance_logs"
            referencedColumns: ["id", "organization_id"]
          },
          {
            foreignKeyName: "work_orders_schedule_fkey"
            columns: ["schedule_id", "site_id"]
            isOneToOne: false
            referencedRelation: "maintenance_schedules"
            referencedColumns: ["id", "site_id"]
          },
          {
            foreignKeyName: "work_orders_site_id_organization_id_fkey"
            columns: ["site_id", "organization_id"]
            isOneToOne: false
            referencedRelation: "sites"
            referencedColumns: ["id", "organization_id"]
          },
        ]
      }
    }
    Views: {
      [_ in never]: never
    }
    Functions: {
      admin_connections: {
        Args: Record<PropertyKey, never>
        Returns: {
          active: number
          backend_type: string
          connections: number
          database_name: string
          idle_in_transaction: number
          role_name: string
        }[]
      }
      admin_schema_sizes: {
        Args: Record<PropertyKey, never>
        Returns: {
          index_bytes: number
          schema_name: string
          table_bytes: number
          tables: number
          total_bytes: number
        }[]
      }
      admin_table_rows: {
        Args: Record<PropertyKey, never>
        Returns: {
          dead_rows: number
          estimated_rows: number
          last_analyzed: string
          schema_name: string
          table_name: string
          total_bytes: number
        }[]
      }
      close_period: {
        Args: { p_month: string; p_site_id: string }
        Returns: Json
      }
      current_device_id: { Args: Record<PropertyKey, never>; Returns: string }
      install_journal_trigger: {
        Args: { p_table: unknown }
        Returns: undefined
      }
      install_stamp_trigger: { Args: { p_table: unknown }; Returns: undefined }
      readable_site_ids: { Args: Record<PropertyKey, never>; Returns: string[] }
      reopen_period: {
        Args: { p_month: string; p_reason: string; p_site_id: string }
        Returns: Json
      }
      resolve_conflict: {
        Args: { p_conflict_id: string; p_resolution: Json }
        Returns: Json
      }
      sync_pull: { Args: { p_cursor?: Json; p_limit?: number }; Returns: Json }
      sync_push: { Args: { "": Json }; Returns: Json }
      writable_site_ids: { Args: Record<PropertyKey, never>; Returns: string[] }
    }
    Enums: {
      [_ in never]: never
    }
    CompositeTypes: {
      [_ in never]: never
    }
  }
  public: {
    Tables: {
      organization_members: {
        Row: {
          created_at: string
          organization_id: string
          role: string
          updated_at: string
          user_id: string
        }
        Insert: {
          created_at?: string
          organization_id: string
          role: string
          updated_at?: string
          user_id: string
        }
        Update: {
          created_at?: string
          organization_id?: string
          role?: string
          updated_at?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "organization_members_organization_id_fkey"
            columns: ["organization_id"]
            isOneToOne: false
            referencedRelation: "organizations"
            referencedColumns: ["id"]
          },
        ]
      }
      organizations: {
        Row: {
          created_at: string
          id: string
          name: string
          slug: string
          updated_at: string
        }
        Insert: {
          created_at?: string
          id?: string
          name: string
          slug: string
          updated_at?: string
        }
        Update: {
          created_at?: string
          id?: string
          name?: string
          slug?: string
          updated_at?: string
        }
        Relationships: []
      }
      profiles: {
        Row: {
          created_at: string
          display_name: string | null
          email: string | null
          id: string
          updated_at: string
        }
        Insert: {
          created_at?: string
          display_name?: string | null
          email?: string | null
          id: string
          updated_at?: string
        }
        Update: {
          created_at?: string
          display_name?: string | null
          email?: string | null
          id?: string
          updated_at?: string
        }
        Relationships: []
      }
    }
    Views: {
      applied_migrations: {
        Row: {
          name: string | null
          version: string | null
        }
        Insert: {
          name?: string | null
          version?: string | null
        }
        Update: {
          name?: string | null
          version?: string | null
        }
        Relationships: []
      }
    }
    Functions: {
      my_organization_ids: { Args: { p_roles?: string[] }; Returns: string[] }
    }
    Enums: {
      [_ in never]: never
    }
    CompositeTypes: {
      [_ in never]: never
    }
  }
}

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends (DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never) = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends (PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never) = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never

export const Constants = {
  business: {
    Enums: {},
  },
  public: {
    Enums: {},
  },
} as const

