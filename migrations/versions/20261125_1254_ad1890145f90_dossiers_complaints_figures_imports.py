"""Create dossiers, complaints, reported and computed monthly figures, and import runs.

Revision ID: ad1890145f90
Revises: f03cb294ca96
Create Date: 2026-11-25 12:54:43.499523
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ad1890145f90'
down_revision = 'f03cb294ca96'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('complaints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('channel', sa.Enum('hotline_1022', 'national_portal', 'direct', name='complaint_channel', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('official_name', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_complaints_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaints')),
    sa.UniqueConstraint('code', name=op.f('uq_complaints_code'))
    )
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index('ix_complaints_unit_received', ['unit_id', 'received_at'], unique=False)

    op.create_table('dossiers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('procedure_code', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.Enum('online', 'direct', 'postal', name='dossier_channel', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('received_month', sa.Integer(), nullable=False),
    sa.Column('due_month', sa.Integer(), nullable=False),
    sa.Column('finished_month', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_dossiers_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossiers')),
    sa.UniqueConstraint('code', name=op.f('uq_dossiers_code'))
    )
    op.create_table('reported_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('resolved_on_time', sa.Integer(), nullable=False),
    sa.Column('resolved_late', sa.Integer(), nullable=False),
    sa.Column('pending_on_time', sa.Integer(), nullable=False),
    sa.Column('pending_overdue', sa.Integer(), nullable=False),
    sa.Column('closed_late_in_software', sa.Integer(), nullable=False),
    sa.Column('complaints', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_reported_figures_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reported_figures')),
    sa.UniqueConstraint('unit_id', 'period', name=op.f('uq_reported_figures_unit_id'))
    )
    op.create_table('unit_period_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('resolved_on_time', sa.Integer(), nullable=False),
    sa.Column('resolved_late', sa.Integer(), nullable=False),
    sa.Column('pending_on_time', sa.Integer(), nullable=False),
    sa.Column('pending_overdue', sa.Integer(), nullable=False),
    sa.Column('closed_late_in_software', sa.Integer(), nullable=False),
    sa.Column('complaints', sa.Integer(), nullable=False),
    sa.Column('source', sa.Enum('dossiers', 'report', name='figures_source', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('report_overridden', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_unit_period_figures_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_period_figures')),
    sa.UniqueConstraint('unit_id', 'period', name=op.f('uq_unit_period_figures_unit_id'))
    )
    with op.batch_alter_table('unit_period_figures', schema=None) as batch_op:
        batch_op.create_index('ix_unit_period_figures_period', ['period'], unique=False)

    op.create_table('import_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('units', 'dossiers', 'unit_stats', 'complaints', name='import_kind', native_enum=False, create_constraint=True, length=12), nullable=False),
    sa.Column('status', sa.Enum('queued', 'done', 'rejected', 'failed', name='import_status', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('checksum', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('rows_total', sa.Integer(), nullable=False),
    sa.Column('rows_added', sa.Integer(), nullable=False),
    sa.Column('rows_updated', sa.Integer(), nullable=False),
    sa.Column('periods', sa.JSON(), nullable=True),
    sa.Column('problems', sa.JSON(), nullable=True),
    sa.Column('problem_count', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=255), nullable=False),
    sa.Column('job_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_import_runs_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_runs'))
    )
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_runs_checksum'), ['checksum'], unique=False)



def downgrade():
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_runs_checksum'))

    op.drop_table('import_runs')
    with op.batch_alter_table('unit_period_figures', schema=None) as batch_op:
        batch_op.drop_index('ix_unit_period_figures_period')

    op.drop_table('unit_period_figures')
    op.drop_table('reported_figures')
    op.drop_table('dossiers')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index('ix_complaints_unit_received')

    op.drop_table('complaints')
