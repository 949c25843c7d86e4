"""Create directives, their assignments and units, letter batches, the outgoing register, rendered documents and template versions.

Revision ID: 622f1dfcd962
Revises: ad1890145f90
Create Date: 2026-11-25 13:21:28.563210
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '622f1dfcd962'
down_revision = 'ad1890145f90'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('register_counters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issuing_body_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['issuing_body_id'], ['issuing_bodies.id'], name=op.f('fk_register_counters_issuing_body_id_issuing_bodies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_register_counters')),
    sa.UniqueConstraint('issuing_body_id', 'year', name=op.f('uq_register_counters_issuing_body_id'))
    )
    op.create_table('template_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('folder', sa.String(length=255), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_template_versions_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_template_versions')),
    sa.UniqueConstraint('kind', 'version', name=op.f('uq_template_versions_kind'))
    )
    op.create_table('letter_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('directive', 'notice', 'reminder', 'criticism', 'apology', name='letter_kind', native_enum=False, create_constraint=True, length=12), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('job_ids', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_letter_batches_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_batches'))
    )
    op.create_table('directives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('directive', 'notice', 'reminder', 'criticism', 'apology', name='letter_kind', native_enum=False, create_constraint=True, length=12), nullable=False),
    sa.Column('state', sa.Enum('draft', 'submitted', 'returned', 'signed', 'issued', 'closed', 'withdrawn', name='directive_state', native_enum=False, create_constraint=True, length=12), nullable=False),
    sa.Column('issuing_body_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('subject', sa.String(length=500), nullable=False),
    sa.Column('addressees', sa.JSON(), nullable=False),
    sa.Column('opening', sa.JSON(), nullable=False),
    sa.Column('lead_in', sa.Text(), nullable=False),
    sa.Column('closing', sa.JSON(), nullable=False),
    sa.Column('recipients', sa.JSON(), nullable=False),
    sa.Column('table', sa.JSON(), nullable=True),
    sa.Column('signer_id', sa.Integer(), nullable=True),
    sa.Column('drafting_unit', sa.String(length=20), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('symbol', sa.String(length=40), nullable=False),
    sa.Column('letter_date', sa.Date(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('signed_by_id', sa.Integer(), nullable=True),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('return_comment', sa.Text(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('template_version', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['letter_batches.id'], name=op.f('fk_directives_batch_id_letter_batches')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_directives_created_by_id_users')),
    sa.ForeignKeyConstraint(['issuing_body_id'], ['issuing_bodies.id'], name=op.f('fk_directives_issuing_body_id_issuing_bodies')),
    sa.ForeignKeyConstraint(['signed_by_id'], ['users.id'], name=op.f('fk_directives_signed_by_id_users')),
    sa.ForeignKeyConstraint(['signer_id'], ['signers.id'], name=op.f('fk_directives_signer_id_signers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_directives'))
    )
    op.create_table('assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('directive_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('heading', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('sub_items', sa.JSON(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('criterion', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['directive_id'], ['directives.id'], name=op.f('fk_assignments_directive_id_directives'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments')),
    sa.UniqueConstraint('directive_id', 'position', name=op.f('uq_assignments_directive_id'))
    )
    op.create_table('register_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issuing_body_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('directive_id', sa.Integer(), nullable=False),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['directive_id'], ['directives.id'], name=op.f('fk_register_entries_directive_id_directives')),
    sa.ForeignKeyConstraint(['issuing_body_id'], ['issuing_bodies.id'], name=op.f('fk_register_entries_issuing_body_id_issuing_bodies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_register_entries')),
    sa.UniqueConstraint('directive_id', name=op.f('uq_register_entries_directive_id')),
    sa.UniqueConstraint('issuing_body_id', 'year', 'number', name=op.f('uq_register_entries_issuing_body_id'))
    )
    op.create_table('rendered_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('directive_id', sa.Integer(), nullable=False),
    sa.Column('format', sa.String(length=4), nullable=False),
    sa.Column('checksum', sa.String(length=64), nullable=False),
    sa.Column('content_checksum', sa.String(length=64), nullable=False),
    sa.Column('template_version', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('rendered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['directive_id'], ['directives.id'], name=op.f('fk_rendered_documents_directive_id_directives')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rendered_documents')),
    sa.UniqueConstraint('directive_id', 'format', name=op.f('uq_rendered_documents_directive_id'))
    )
    op.create_table('assignment_units',
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('lead', 'support', name='assignment_unit_role', native_enum=False, create_constraint=True, length=8), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_assignment_units_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_assignment_units_unit_id_units')),
    sa.PrimaryKeyConstraint('assignment_id', 'unit_id', name=op.f('pk_assignment_units'))
    )


def downgrade():
    op.drop_table('assignment_units')
    op.drop_table('rendered_documents')
    op.drop_table('register_entries')
    op.drop_table('assignments')
    op.drop_table('directives')
    op.drop_table('letter_batches')
    op.drop_table('template_versions')
    op.drop_table('register_counters')
